import type { Bead } from "./banded";

/** The links of an alignment: every (source, target) pair that shares a bead, as "i:j". */
export function alignmentLinks(beads: Bead[]): Set<string> {
  const links = new Set<string>();
  for (const bead of beads) for (const i of bead.source) for (const j of bead.target) links.add(`${i}:${j}`);
  return links;
}

export type Agreement = { precision: number; recall: number; f1: number };

/** Link-level precision, recall and F1 of an alignment against a gold one (two empty sets agree fully). */
export function linkAgreement(predicted: Bead[], gold: Bead[]): Agreement {
  const found = alignmentLinks(predicted);
  const expected = alignmentLinks(gold);
  let correct = 0;
  for (const link of found) if (expected.has(link)) correct++;
  const precision = found.size ? correct / found.size : expected.size ? 0 : 1;
  const recall = expected.size ? correct / expected.size : found.size ? 0 : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

export type Flagging = { wrong: number; wrongFlagged: number; right: number; rightFlagged: number };

/**
 * How well scores flag mistakes: a predicted bead is right when the gold holds exactly the same
 * bead (same paragraphs on both sides), wrong otherwise; flagged when its score is below `threshold`.
 */
export function flagging(predicted: Bead[], gold: Bead[], threshold: number): Flagging {
  const key = (bead: Bead) => `${bead.source.join(",")}|${bead.target.join(",")}`;
  const expected = new Set(gold.map(key));
  const counts: Flagging = { wrong: 0, wrongFlagged: 0, right: 0, rightFlagged: 0 };
  for (const bead of predicted) {
    const flagged = bead.score < threshold ? 1 : 0;
    if (expected.has(key(bead))) {
      counts.right++;
      counts.rightFlagged += flagged;
    } else {
      counts.wrong++;
      counts.wrongFlagged += flagged;
    }
  }
  return counts;
}
