export { exportCsv } from "./csv";
export { detectFormat } from "./detect";
export { decodeText } from "./encoding";
export { parseImportFile, readUploadBody } from "./import";
export { suggestLanguage } from "./language";
export { exportPlainText } from "./text";
export { exportTmx } from "./tmx";
export { MAX_IMPORT_BYTES, type ExportDocument, type ExportFormat, type ImportFormat, type ParsedImport, type TransferRow } from "./types";
export { exportXliff } from "./xliff";
