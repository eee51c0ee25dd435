import type { Db } from "../db/client";
import type { CellStatus } from "../db/generated/enums";
import { AppError } from "../errors";

export interface DocumentSummary {
  slug: string;
  title: string;
  rowCount: number;
  languages: { code: string; label: string; isOriginal: boolean }[];
  updatedAt: Date;
}

/** The documents for the home screen, newest first. */
export async function listDocuments(db: Db): Promise<DocumentSummary[]> {
  const documents = await db.document.findMany({
    orderBy: { updatedAt: "desc" },
    select: {
      slug: true,
      title: true,
      updatedAt: true,
      languages: { orderBy: { position: "asc" }, select: { code: true, label: true, isOriginal: true } },
      _count: { select: { segments: { where: { deletedAt: null } } } },
    },
  });
  return documents.map(({ _count, ...document }) => ({ ...document, rowCount: _count.segments }));
}

export interface LanguageVersion {
  id: number;
  code: string;
  label: string;
  isOriginal: boolean;
  provenance: string;
  /** Rows whose cell in this language has text. */
  filledCount: number;
}

export interface ParallelCell {
  id: number;
  text: string;
  status: CellStatus;
  stale: boolean;
}

export interface ParallelRow {
  id: number;
  /** 1-based row number as the reader sees it. */
  number: number;
  /** By language code; null where the row has no cell in that language yet. */
  cells: Record<string, ParallelCell | null>;
}

export interface ParallelView {
  document: { id: number; slug: string; title: string };
  languages: LanguageVersion[];
  /** The language codes shown, in column order. */
  shown: string[];
  /** Requested codes this document does not have. */
  unknown: string[];
  rows: ParallelRow[];
}

/** A document and its language versions (original first), with how far each is filled. */
export async function getDocument(db: Db, slug: string): Promise<{ document: ParallelView["document"]; languages: LanguageVersion[] }> {
  const document = await db.document.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      languages: { orderBy: [{ isOriginal: "desc" }, { position: "asc" }] },
    },
  });
  if (!document) {
    throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  }
  const filled = await db.cell.groupBy({
    by: ["languageId"],
    where: { segment: { documentId: document.id, deletedAt: null }, text: { not: "" } },
    _count: { _all: true },
  });
  const filledBy = new Map(filled.map((group) => [group.languageId, group._count._all]));
  return {
    document: { id: document.id, slug: document.slug, title: document.title },
    languages: document.languages.map(({ id, code, label, isOriginal, provenance }) => ({
      id,
      code,
      label,
      isOriginal,
      provenance,
      filledCount: filledBy.get(id) ?? 0,
    })),
  };
}

/**
 * A document as the parallel view shows it: the requested languages (all of
 * them, original first, when none are asked for) side by side, row by row.
 */
export async function getParallelView(db: Db, slug: string, requested: string[] = []): Promise<ParallelView> {
  const { document, languages } = await getDocument(db, slug);
  const codes = new Set(languages.map((language) => language.code));
  const unique = [...new Set(requested)];
  const known = unique.filter((code) => codes.has(code));
  const shown = known.length ? known : languages.map((language) => language.code);
  const shownLanguages = shown.map((code) => languages.find((language) => language.code === code)!);

  const segments = await db.segment.findMany({
    where: { documentId: document.id, deletedAt: null },
    orderBy: { position: "asc" },
    select: {
      id: true,
      cells: {
        where: { languageId: { in: shownLanguages.map((language) => language.id) } },
        select: { id: true, languageId: true, text: true, status: true, stale: true },
      },
    },
  });

  return {
    document,
    languages,
    shown,
    unknown: unique.filter((code) => !codes.has(code)),
    rows: segments.map((segment, index) => ({
      id: segment.id,
      number: index + 1,
      cells: Object.fromEntries(
        shownLanguages.map((language) => {
          const cell = segment.cells.find((candidate) => candidate.languageId === language.id);
          return [language.code, cell ? { id: cell.id, text: cell.text, status: cell.status, stale: cell.stale } : null];
        }),
      ),
    })),
  };
}
