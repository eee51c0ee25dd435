// The export formats, kept apart from export-document.ts (which queries the
// database) so the browser's export form can list them.
export const EXPORT_FORMATS = ["tmx", "xliff", "csv", "txt"] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];
