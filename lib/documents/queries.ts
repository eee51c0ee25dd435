import type { Db } from "../db/client";
import { AppError } from "../errors";

export interface DocumentSummary {
  slug: string;
  title: string;
  /** Readable without an account. */
  publicRead: boolean;
  rowCount: number;
  languages: { code: string; label: string; isOriginal: boolean }[];
  updatedAt: Date;
}

/** The documents for the home screen, newest first; `publicOnly` for a reader who is not signed in. */
export async function listDocuments(db: Db, options: { publicOnly?: boolean } = {}): Promise<DocumentSummary[]> {
  const documents = await db.document.findMany({
    where: options.publicOnly ? { publicRead: true } : {},
    orderBy: { updatedAt: "desc" },
    select: {
      slug: true,
      title: true,
      publicRead: true,
      updatedAt: true,
      languages: { where: { deletedAt: null }, orderBy: { position: "asc" }, select: { code: true, label: true, isOriginal: true } },
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

export interface DocumentOverview {
  document: { id: number; slug: string; title: string; publicRead: boolean };
  languages: LanguageVersion[];
  /** Live rows. */
  rowCount: number;
}

/** A document and its language versions (original first), with how far each is filled. */
export async function getDocument(db: Db, slug: string): Promise<DocumentOverview> {
  const document = await db.document.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      publicRead: true,
      languages: { where: { deletedAt: null }, orderBy: [{ isOriginal: "desc" }, { position: "asc" }] },
    },
  });
  if (!document) {
    throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  }
  const [filled, rowCount] = await Promise.all([
    db.cell.groupBy({
      by: ["languageId"],
      where: { segment: { documentId: document.id, deletedAt: null }, text: { not: "" } },
      _count: { _all: true },
    }),
    db.segment.count({ where: { documentId: document.id, deletedAt: null } }),
  ]);
  const filledBy = new Map(filled.map((group) => [group.languageId, group._count._all]));
  return {
    document: { id: document.id, slug: document.slug, title: document.title, publicRead: document.publicRead },
    languages: document.languages.map(({ id, code, label, isOriginal, provenance }) => ({
      id,
      code,
      label,
      isOriginal,
      provenance,
      filledCount: filledBy.get(id) ?? 0,
    })),
    rowCount,
  };
}
