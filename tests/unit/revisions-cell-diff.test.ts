import { describe, expect, it } from "vitest";
import { type DiffOp, diffText } from "@/lib/diff";
import { readSpeech } from "@/lib/documents/speech";
import { diffCellText } from "@/lib/revisions/cell-diff";

const side = (ops: DiffOp[], keep: "delete" | "insert") =>
  ops
    .filter((op) => op.op === "equal" || op.op === keep)
    .map((op) => op.text)
    .join("");

function expectValid(before: string, after: string, ops: DiffOp[]) {
  expect([side(ops, "delete"), side(ops, "insert")]).toEqual([before, after]);
  ops.forEach((op, index) => {
    expect(op.text).not.toBe("");
    expect(op.op).not.toBe(ops[index + 1]?.op);
  });
}

describe("diffCellText", () => {
  it("gives diffText's ops for edits anywhere in long paragraphs", async () => {
    const speech = await readSpeech();
    const paragraphs = speech.languages.flatMap((language) => language.paragraphs).filter((text) => text.length > 200);
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let round = 0; round < 300; round++) {
      const before = [paragraphs[round % paragraphs.length]!, paragraphs[(round * 7) % paragraphs.length]!].join(" ");
      const at = Math.floor(random() * before.length);
      const after = `${before.slice(0, at)}${["новое слово", " inserted", "", "x"][round % 4]}${before.slice(at + Math.floor(random() * 15))}`;
      const granularity = round % 5 === 0 ? "char" : "word";
      const ops = diffCellText(before, after, { granularity });
      expectValid(before, after, ops);
      expect(ops, `round ${round}`).toEqual(diffText(before, after, { granularity }));
    }
  });

  it("never cuts inside a grapheme or a run of whitespace", () => {
    const filler = "word ".repeat(40);
    for (const [before, after] of [
      [`${filler} \u0301accent ${filler}one`, `${filler} \u0301accent ${filler}two`],
      [`${filler}👍🏽 ${filler}one`, `${filler}👍🏽 ${filler}two`],
      [`one ${filler}\r\n${filler}`, `two ${filler}\r\n${filler}`],
      [`${filler}   \t  ${filler}one`, `${filler}   \t  ${filler}two`],
      [`${filler}a`, `${filler}b`],
      ["", "new text"],
      ["old text", ""],
      ["same", "same"],
    ] as const) {
      const ops = diffCellText(before, after);
      expectValid(before, after, ops);
      expect(ops).toEqual(diffText(before, after));
    }
  });
});
