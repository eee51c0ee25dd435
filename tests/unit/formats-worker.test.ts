// Large files are read for import on a worker thread (lib/formats/worker.ts):
// the answer is the one parseImportFile gives in the process, refusals with
// their code, status and details, while the event loop stays free.
import { describe, expect, it } from "vitest";
import { OFF_LOOP_BYTES, parseImportFile, parseImportFileOffLoop } from "@/lib/formats";
import { failureOf } from "@/tests/helpers/errors";
import { tallCsv, tallTmx, utf8 } from "@/tests/helpers/hostile-files";

/** Runs `work`, counting the turns of the event loop meanwhile. */
async function turnsWhile<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const turn = () => {
    turns++;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  try {
    return { value: await work(), turns };
  } finally {
    running = false;
  }
}

describe("reading a large file off the event loop", () => {
  it("gives a large file's paragraphs as the process would", async () => {
    const text = Array.from({ length: 40_000 }, (_, index) => `Paragraph ${index + 1} of a long file.`).join("\n\n");
    const input = { bytes: utf8(text), fileName: "long.txt" };
    expect(input.bytes.length).toBeGreaterThanOrEqual(OFF_LOOP_BYTES);
    const parsed = await parseImportFileOffLoop(input);
    expect(parsed).toEqual(await parseImportFile(input));
    expect(parsed).toMatchObject({ kind: "monolingual", format: "txt", encoding: "utf-8" });
    if (parsed.kind === "monolingual") expect(parsed.paragraphs).toHaveLength(40_000);
  });

  it("refuses a large hostile file with the refusal the process gives, and the loop keeps turning meanwhile", async () => {
    for (const input of [
      { bytes: tallCsv(), fileName: "tall.csv" },
      { bytes: tallTmx(), fileName: "tall.tmx" },
    ]) {
      expect(input.bytes.length).toBeGreaterThanOrEqual(OFF_LOOP_BYTES);
      const inProcess = await failureOf(parseImportFile(input));
      const { value: refusal, turns } = await turnsWhile(() => failureOf(parseImportFileOffLoop(input)));
      expect({ ...refusal, message: refusal.message }).toEqual({ ...inProcess, message: inProcess.message });
      expect(refusal).toMatchObject({ code: "limit_exceeded", status: 422 });
      expect(refusal.message.startsWith(`${input.fileName}: `)).toBe(true);
      // Read in the process, the CSV's million rows hold the loop without a single turn until refused.
      expect(turns, input.fileName).toBeGreaterThan(100);
    }
  });

  it("reads a small file in the process", async () => {
    const input = { bytes: utf8("One.\n\nTwo.\n"), fileName: "small.txt" };
    const { value, turns } = await turnsWhile(() => parseImportFileOffLoop(input));
    expect(value).toMatchObject({ paragraphs: ["One.", "Two."] });
    // No thread to wait for: it is done within a few turns.
    expect(turns).toBeLessThan(5);
  });
});
