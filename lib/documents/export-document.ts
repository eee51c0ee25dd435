import { z } from "zod";
import type { Db } from "../db/client";
import type { CellStatus } from "../db/generated/enums";
import { readConsistently } from "../db/transaction";
import { AppError } from "../errors";
import { exportCsv, type ExportDocument, exportPlainText, exportTmx, exportXliff } from "../formats";
import { Point } from "../revisions/inputs";
import { loadVersion, openDocument } from "../revisions/versions";
import { LanguageCode } from "../schemas";
import { parseInput } from "../validation";
import { DocumentSlug } from "./create-document";
import { EXPORT_FORMATS, type ExportFormatName, XLIFF_VERSIONS } from "./export-options";

export const LoadExportInput = z.object({
  slug: DocumentSlug,
  /** The version to export: now (default), a snapshot or a moment. */
  at: Point.default("now"),
  /** Only text a reviewer approved: each cell's last approved revision, empty where none was. */
  approvedOnly: z.boolean().default(false),
  /** The languages to include, in this order; all of the version's by default. */
  languages: z.array(LanguageCode).min(1).optional(),
});
export type LoadExportInput = z.input<typeof LoadExportInput>;

/**
 * A version of a document as every export format and the print view take
 * it. Statuses: now, each cell's own; in the past (a snapshot or a moment)
 * only approval is on record, so a cell shows "approved" when the revision
 * shown was the last one approved by then and "translated" otherwise.
 * Each cell with text names the revision it is (TMX, XLIFF and CSV carry
 * it, so a file coming back can be merged with edits made since).
 */
export async function loadExportDocument(db: Db, rawInput: LoadExportInput): Promise<ExportDocument> {
  const input = parseInput(LoadExportInput, rawInput, "export");
  const found = await db.document.findUnique({
    where: { slug: input.slug },
    select: { id: true, slug: true, title: true, languages: { select: { code: true, isOriginal: true } } },
  });
  if (!found) throw new AppError("document_not_found", `There is no document "${input.slug}"`, { status: 404 });
  const isOriginal = new Set(found.languages.filter((language) => language.isOriginal).map((language) => language.code));

  return readConsistently(db, async (tx) => {
    const document = await openDocument(tx, found.id);
    const version = await loadVersion(tx, document, input.at);
    const languages = input.languages
      ? input.languages.map((code) => {
          const language = version.languages.find((candidate) => candidate.code === code);
          if (!language)
            throw new AppError(
              "language_not_found",
              `Document "${input.slug}" has no ${code} version${version.time ? " at that point" : ""}`,
              { status: 404 },
            );
          return language;
        })
      : version.languages;

    const shown = [
      ...new Set(version.rows.flatMap((row) => languages.map(({ code }) => row.cells[code]).filter((id): id is number => id != null))),
    ];
    const revisions = await tx.revision.findMany({ where: { id: { in: shown } }, select: { id: true, cellId: true, text: true } });
    const revisionById = new Map(revisions.map((revision) => [revision.id, revision]));
    const cellIds = [...new Set(revisions.map((revision) => revision.cellId))];

    const approved = version.time
      ? await tx.$queryRaw<{ cellId: number; revisionId: number }[]>`
          SELECT DISTINCT ON ("cellId") "cellId", "revisionId" FROM "ReviewDecision"
           WHERE "cellId" = ANY(${cellIds}) AND verdict = 'approve' AND "revisionId" IS NOT NULL AND "createdAt" <= ${version.time}
           ORDER BY "cellId", id DESC`
      : (
          await tx.cell.findMany({
            where: { id: { in: cellIds }, approvedRevisionId: { not: null } },
            select: { id: true, approvedRevisionId: true },
          })
        ).map((cell) => ({ cellId: cell.id, revisionId: cell.approvedRevisionId! }));
    const approvedOf = new Map(approved.map((entry) => [entry.cellId, entry.revisionId]));
    const statusOf = version.time
      ? null
      : new Map(
          (await tx.cell.findMany({ where: { id: { in: cellIds } }, select: { id: true, status: true } })).map((cell) => [
            cell.id,
            cell.status,
          ]),
        );
    const approvedTexts = input.approvedOnly
      ? new Map(
          (await tx.revision.findMany({ where: { id: { in: [...approvedOf.values()] } }, select: { id: true, text: true } })).map((r) => [
            r.id,
            r.text,
          ]),
        )
      : null;

    const cellOf = (revisionId: number | null | undefined): { text: string; status?: CellStatus; revisionId?: number } => {
      const revision = revisionId == null ? undefined : revisionById.get(revisionId);
      if (!revision) return { text: "" };
      const approvedId = approvedOf.get(revision.cellId);
      if (approvedTexts) {
        return approvedId === undefined
          ? { text: "" }
          : { text: approvedTexts.get(approvedId) ?? "", status: "approved", revisionId: approvedId };
      }
      const status = statusOf?.get(revision.cellId) ?? (approvedId === revision.id ? "approved" : "translated");
      return { text: revision.text, status, revisionId: revision.id };
    };

    return {
      slug: found.slug,
      title: found.title,
      languages: languages.map(({ code, label }) => ({ code, label, isOriginal: isOriginal.has(code) })),
      rows: version.rows.map((row) => ({ cells: Object.fromEntries(languages.map(({ code }) => [code, cellOf(row.cells[code])])) })),
    };
  });
}

export const ExportDocumentInput = LoadExportInput.extend({
  format: z.enum(EXPORT_FORMATS),
  /** XLIFF: the source and target languages (default: the original and the first other language). */
  source: LanguageCode.optional(),
  target: LanguageCode.optional(),
  /** XLIFF: 2.0 (default), or 1.2 for tools that read only that (Translate Toolkit, OmegaT). */
  xliffVersion: z.enum(XLIFF_VERSIONS).default("2.0"),
  /** Plain text: the one language to write (default: the original). */
  language: LanguageCode.optional(),
});
export type ExportDocumentInput = z.input<typeof ExportDocumentInput>;

export interface ExportedFile {
  fileName: string;
  contentType: string;
  body: string;
}

const CONTENT_TYPES: Record<ExportFormatName, string> = {
  tmx: "application/x-tmx+xml; charset=utf-8",
  xliff: "application/xliff+xml; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  txt: "text/plain; charset=utf-8",
};

/** A version of a document written out in one of the export formats, ready to download or save. */
export async function exportDocument(db: Db, rawInput: ExportDocumentInput): Promise<ExportedFile> {
  const input = parseInput(ExportDocumentInput, rawInput, "export");
  const document = await loadExportDocument(db, input);
  const original = document.languages.find((language) => language.isOriginal) ?? document.languages[0]!;
  const need = (code: string | undefined, fallback: string | undefined, what: string): string => {
    const chosen = code ?? fallback;
    if (!chosen) throw new AppError("language_missing", `Name the ${what} language: the document has no other to choose`, { status: 400 });
    if (!document.languages.some((language) => language.code === chosen)) {
      throw new AppError("language_not_found", `The ${what} language ${chosen} is not among the exported languages`, { status: 404 });
    }
    return chosen;
  };

  const suffix = [
    typeof input.at === "object" && "snapshotId" in input.at ? `snapshot-${input.at.snapshotId}` : null,
    input.approvedOnly ? "approved" : null,
  ]
    .filter(Boolean)
    .join("-");
  const base = suffix ? `${document.slug}-${suffix}` : document.slug;
  switch (input.format) {
    case "tmx":
      return { fileName: `${base}.tmx`, contentType: CONTENT_TYPES.tmx, body: exportTmx(document) };
    case "csv":
      return { fileName: `${base}.csv`, contentType: CONTENT_TYPES.csv, body: exportCsv(document) };
    case "xliff": {
      const source = need(input.source, original.code, "source");
      const target = need(input.target, document.languages.find((language) => language.code !== source)?.code, "target");
      if (source === target) throw new AppError("same_languages", `The source and target languages are both ${source}`, { status: 400 });
      return {
        fileName: `${base}.${source}-${target}.xlf`,
        contentType: CONTENT_TYPES.xliff,
        body: exportXliff(document, { source, target, version: input.xliffVersion }),
      };
    }
    case "txt": {
      const language = need(input.language, original.code, "text");
      return { fileName: `${base}.${language}.txt`, contentType: CONTENT_TYPES.txt, body: exportPlainText(document, language) };
    }
  }
}
