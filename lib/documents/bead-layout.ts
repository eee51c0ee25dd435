/** One bead of the aligner: paragraphs of the rows' language and of the new text that say the same thing. */
export interface PlacedBead {
  source: number[];
  target: number[];
  score: number;
}

/** Where a paragraph (or paragraphs) of the new text goes. */
export type Placement =
  | { kind: "row"; row: number; text: string; score: number }
  /** A new row after existing row `after` (-1: before the first), for text with no counterpart in the rows. */
  | { kind: "new"; after: number; text: string; score: number };

/**
 * Two paragraphs that went into one row stay apart on their own lines, so
 * the row reads as they were written and a split at the line break
 * separates them again; a blank line would make them two paragraphs in a
 * plain-text export and shift every later row on the way back in.
 */
export const PARAGRAPH_JOINER = "\n";

/**
 * Turns beads over `rowCount` rows and `paragraphs` into one placement per
 * row and per new row, in reading order. A bead of m rows and n paragraphs
 * deals the paragraphs out in order: row r of the bead gets paragraphs
 * [round(r·n/m), round((r+1)·n/m)), so 1:1 stays 1:1, one paragraph over
 * two rows lands in the first, two paragraphs in one row share it. A bead
 * with no rows makes a new row per paragraph. The texts of all placements,
 * read in order, are the paragraphs in order: nothing is lost or reordered.
 */
export function layoutBeads(beads: PlacedBead[], rowCount: number, paragraphs: string[]): Placement[] {
  const placements: Placement[] = [];
  const seenRows = new Set<number>();
  const seenParagraphs = new Set<number>();
  let lastRow = -1;
  for (const bead of beads) {
    for (const row of bead.source) {
      if (row !== lastRow + 1) throw new Error(`Bead rows out of order: row ${row} after row ${lastRow}`);
      lastRow = row;
      seenRows.add(row);
    }
    for (const paragraph of bead.target) {
      if (seenParagraphs.has(paragraph) || paragraph !== seenParagraphs.size)
        throw new Error(`Bead paragraphs out of order at paragraph ${paragraph}`);
      seenParagraphs.add(paragraph);
    }
    const texts = bead.target.map((index) => paragraphs[index]!);
    if (!bead.source.length) {
      for (const text of texts) placements.push({ kind: "new", after: lastRow, text, score: bead.score });
      continue;
    }
    const m = bead.source.length;
    const n = texts.length;
    bead.source.forEach((row, r) => {
      const share = texts.slice(Math.round((r * n) / m), Math.round(((r + 1) * n) / m));
      placements.push({ kind: "row", row, text: share.join(PARAGRAPH_JOINER), score: bead.score });
    });
  }
  if (seenRows.size !== rowCount || seenParagraphs.size !== paragraphs.length) {
    throw new Error(`Beads cover ${seenRows.size} of ${rowCount} rows and ${seenParagraphs.size} of ${paragraphs.length} paragraphs`);
  }
  return placements;
}
