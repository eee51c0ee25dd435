// Schemas and constants that several of lib/'s domains (and the browser)
// share. They depend on nothing of the domain, so any module can import them
// without tying itself to a feature.
import { z } from "zod";
import { MAX_CELL_LENGTH } from "./limits";

/**
 * A database id (a Postgres serial: 1 to 2^31 - 1). Anything else is bad
 * input, 400; an id in range that names nothing is a 404.
 */
export const Id = z.number().int().positive().max(2_147_483_647);

export const LanguageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like "ru" or "pt-BR"');

/** Re-exported for the modules that take it with the cell schemas; lib/limits.ts holds every limit. */
export { MAX_CELL_LENGTH };

/** A cell's text as it is written: by an edit, an import or a new document. */
export const CellText = z.string().max(MAX_CELL_LENGTH, `is longer than ${MAX_CELL_LENGTH} characters`);

/**
 * Rows the automatic aligner scored below this are flagged for a human to
 * check (the aligner's scores are calibrated against it, lib/align). Here
 * rather than in lib/align so the editor can show the flag without loading
 * the aligner.
 */
export const LOW_CONFIDENCE = 0.5;
