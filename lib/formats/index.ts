export { exportCsv, writeCsv } from "./csv";
export { detectFormat } from "./detect";
export { decodeText } from "./encoding";
export { parseImportFile, readUploadBody } from "./import";
export { OFF_LOOP_BYTES, parseImportFileOffLoop } from "./worker";
export { suggestLanguage } from "./language";
export { canonicalLanguageTag } from "./language-tag";
export { exportPlainText } from "./text";
export { exportTmx } from "./tmx";
export {
  MAX_IMPORT_BYTES,
  REVISION_CARRIER,
  type ExportDocument,
  type ExportFormat,
  type ImportFormat,
  type ParsedImport,
  type TransferRow,
  type XliffVersion,
} from "./types";
export { exportXliff } from "./xliff";
