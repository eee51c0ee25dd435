import { z } from "zod";
import type { Db } from "../db/client";
import { readConsistently } from "../db/transaction";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { PastPoint } from "./inputs";
import { type LanguageInfo, loadVersion, openDocument, revisionTexts } from "./versions";

export const ReadDocumentAtInput = z.object({ documentId: Id, at: PastPoint });
export type ReadDocumentAtInput = z.input<typeof ReadDocumentAtInput>;

export interface DocumentAt {
  languages: LanguageInfo[];
  rows: { segmentId: number; number: number; cells: Record<string, { revisionId: number | null; text: string }> }[];
}

/**
 * The document as it was: at a snapshot, from its stored state; at a moment,
 * rebuilt from the alignment log and the revisions (see loadVersion). Both
 * give the same answer for a snapshot and its creation time. 404 for an
 * unknown document or snapshot, or a moment before the document existed.
 */
export async function readDocumentAt(db: Db, rawInput: ReadDocumentAtInput): Promise<DocumentAt> {
  const input = parseInput(ReadDocumentAtInput, rawInput, "version");
  return readConsistently(db, async (tx) => {
    const document = await openDocument(tx, input.documentId);
    const version = await loadVersion(tx, document, input.at);
    const texts = await revisionTexts(
      tx,
      version.rows.flatMap((row) => Object.values(row.cells).filter((id) => id !== null)),
    );
    return {
      languages: version.languages,
      rows: version.rows.map((row, index) => ({
        segmentId: row.segmentId,
        number: index + 1,
        cells: Object.fromEntries(
          Object.entries(row.cells).map(([code, revisionId]) => [
            code,
            { revisionId, text: revisionId === null ? "" : (texts.get(revisionId) ?? "") },
          ]),
        ),
      })),
    };
  });
}
