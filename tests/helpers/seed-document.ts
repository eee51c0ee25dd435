import { expect } from "vitest";
import type { Db } from "@/lib/db/client";
import { createDocument } from "@/lib/documents/create-document";

export const LANGUAGES = [
  { code: "ru", label: "Русский", isOriginal: true },
  { code: "en", label: "English", isOriginal: false },
  { code: "de", label: "Deutsch", isOriginal: false },
] as const;

const WORDS: Record<string, string[]> = {
  ru: ["закон", "право", "суд", "народ", "свобода", "власть", "слово", "мир", "день", "город"],
  en: ["law", "right", "court", "people", "freedom", "power", "word", "peace", "day", "city"],
  de: ["Gesetz", "Recht", "Gericht", "Volk", "Freiheit", "Macht", "Wort", "Frieden", "Tag", "Stadt"],
};

/**
 * Paragraph `row` of language `code`: one to three sentences of varied
 * length and punctuation, every word tagged with its row so that texts are
 * distinguishable. Some cells are empty, as in real imports.
 */
export function paragraph(code: string, row: number): string {
  if ((row * 7 + code.charCodeAt(0) * 3) % 11 === 0) return "";
  const words = WORDS[code]!;
  const ends = [".", "!", "?", "…", ";"];
  const sentences = 1 + ((row + code.charCodeAt(0)) % 3);
  return Array.from({ length: sentences }, (_, s) => {
    const length = 2 + ((row * 3 + s * 5 + code.charCodeAt(1)) % 6);
    const body = Array.from({ length }, (_, w) => `${words[(row + s + w) % words.length]}${row}`).join(" ");
    return body.charAt(0).toUpperCase() + body.slice(1) + ends[(row + s) % ends.length];
  }).join(" ");
}

/** A document of `rows` rows in ru (original), en and de, made the way imports make them. */
export async function seedDocument(
  db: Db,
  options: { slug: string; rows: number; authorId: number; paragraphs?: (code: string, row: number) => string },
) {
  const text = options.paragraphs ?? paragraph;
  const document = await createDocument(
    db,
    {
      slug: options.slug,
      title: options.slug,
      languages: LANGUAGES.map((language) => ({
        ...language,
        provenance: "",
        paragraphs: Array.from({ length: options.rows }, (_, row) => text(language.code, row)),
      })),
    },
    { authorId: options.authorId },
  );
  return { documentId: document.id, languages: document.languages };
}

export interface GridCell {
  id: number;
  text: string;
  headRevisionId: number | null;
  version: number;
}
export interface GridRow {
  id: number;
  position: number;
  alignmentStatus: string;
  cells: Record<string, GridCell>;
}

/**
 * The live rows in reading order with their cells by language code; fails
 * the test unless every live row has exactly one cell per language.
 */
export async function liveGrid(db: Db, documentId: number): Promise<GridRow[]> {
  const [languages, rows] = await Promise.all([
    db.documentLanguage.findMany({ where: { documentId }, select: { id: true, code: true } }),
    db.segment.findMany({
      where: { documentId, deletedAt: null },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: {
        id: true,
        position: true,
        alignmentStatus: true,
        cells: { select: { id: true, languageId: true, text: true, headRevisionId: true, version: true } },
      },
    }),
  ]);
  const codeOf = new Map(languages.map((language) => [language.id, language.code]));
  return rows.map((row) => {
    const codes = row.cells.map((cell) => codeOf.get(cell.languageId)).sort();
    expect(codes, `cells of row ${row.id}`).toEqual([...codeOf.values()].sort());
    return {
      id: row.id,
      position: row.position,
      alignmentStatus: row.alignmentStatus,
      cells: Object.fromEntries(row.cells.map(({ languageId, ...cell }) => [codeOf.get(languageId)!, cell])),
    };
  });
}

/** How a language reads from top to bottom: cells trimmed, empty ones skipped, single spaces. */
export function readingOrder(grid: GridRow[]): Record<string, string> {
  const codes = Object.keys(grid[0]?.cells ?? {});
  return Object.fromEntries(
    codes.map((code) => [
      code,
      grid
        .map((row) => row.cells[code]!.text.trim())
        .filter((text) => text !== "")
        .join(" ")
        .replace(/\s+/g, " "),
    ]),
  );
}

/** Which cell (by id) with which text sits in which row: what undo must give back exactly. */
export function layout(grid: GridRow[]) {
  return grid.map((row) => ({
    id: row.id,
    status: row.alignmentStatus,
    cells: Object.fromEntries(Object.entries(row.cells).map(([code, cell]) => [code, [cell.id, cell.text]])),
  }));
}

/** Row, cell, revision and change counts of the whole database. */
export async function counts(db: Db) {
  const [segments, live, cells, revisions, changes] = await Promise.all([
    db.segment.count(),
    db.segment.count({ where: { deletedAt: null } }),
    db.cell.count(),
    db.revision.count(),
    db.alignmentChange.count(),
  ]);
  return { segments, live, cells, revisions, changes };
}
