import type { XliffVersion } from "../formats/types";

// The export formats, kept apart from export-document.ts (which queries the
// database) so the browser's export form can list them.
export const EXPORT_FORMATS = ["tmx", "xliff", "csv", "txt"] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];
/** XLIFF is written as 2.0 unless 1.2 is asked for (Translate Toolkit, OmegaT). */
export const XLIFF_VERSIONS = ["2.0", "1.2"] as const satisfies readonly XliffVersion[];
