// wb import, wb realign and wb export as people run them: child processes
// against a throwaway database, progress on stderr, the file on stdout.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { test } from "../helpers/fixtures";
import { environment, runCli } from "../helpers/processes";

// The file's database in the CLI's environment, and a directory for its files.
const it = test.extend("cli", { scope: "file" }, async ({ url }, { onCleanup }) => {
  const dir = await mkdtemp(path.join(tmpdir(), "parallel-cli-"));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return { env: environment({ DATABASE_URL: url }), dir };
});

const speech = async (code: string) => splitParagraphs(await readFile(`data/speech/${code}.txt`, "utf8"));

describe("wb import / realign / export", () => {
  it("imports a Windows-1251 file as a new document, guessing its language", async ({ cli: { env, dir } }) => {
    const ru = await speech("ru");
    // Windows-1251 bytes for the Russian text, built from the decoder's own table.
    const table = new Map<string, number>();
    const decoder = new TextDecoder("windows-1251");
    for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(new Uint8Array([byte])), byte);
    const text = ru.join("\r\n\r\n").replace(/[«»–—’]/g, (mark) => ({ "«": '"', "»": '"', "–": "-", "—": "-", "’": "'" })[mark]!);
    const file = path.join(dir, "speech-cp1251.txt");
    await writeFile(file, Uint8Array.from([...text].map((character) => table.get(character) ?? 0x3f)));

    const result = await runCli(["import", file, "--slug", "speech", "--title", "Speech"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Imported speech-cp1251\.txt \(txt, windows-1251\) into "speech": ru, 60 rows/);
    expect(result.stderr).toMatch(/Writing 100%/);
  });

  it("adds a language aligned to the rows and exports it as CSV on stdout", async ({ cli: { env, dir } }) => {
    const en = await speech("en");
    const file = path.join(dir, "speech.en.md");
    await writeFile(file, en.join("\n\n"));
    const result = await runCli(["import", file, "--into", "speech", "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ slug: "speech", format: "md", languages: ["en"], rows: 60, createdRows: 0 });

    const csv = await runCli(["export", "speech", "--format", "csv"], env);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.replace(/^\uFEFF/, "").split("\r\n");
    // The texts, then the revision each cell's text is (for a round trip back through wb import --update).
    expect(lines[0]).toBe("ru,en,x-parallel-revision ru,x-parallel-revision en");
    expect(lines[1]).toMatch(/,\d+,\d+$/);
    expect(csv.stdout).toContain(en[59]!.slice(0, 40));
  });

  it("writes an export to a file and realigns a language", async ({ cli: { env, dir } }) => {
    const out = path.join(dir, "speech.tmx");
    const written = await runCli(["export", "speech", "--format", "tmx", "--out", out], env);
    expect(written).toMatchObject({ code: 0, stdout: `Wrote ${out}\n` });
    expect(await readFile(out, "utf8")).toMatch(/<tmx version="1\.4">/);

    const realigned = await runCli(["realign", "speech", "--language", "en"], env);
    expect(realigned.code, realigned.stderr).toBe(0);
    expect(realigned.stdout).toMatch(/^Rows 1–60 already read as the aligner would have them/);
  });

  it("says what is wrong and exits 1", async ({ cli: { env, dir } }) => {
    const missing = await runCli(["import", path.join(dir, "nowhere.txt"), "--slug", "x", "--title", "X"], env);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toMatch(/Cannot read .*nowhere\.txt: there is no such file/);
    const format = await runCli(["export", "speech", "--format", "pdf"], env);
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/format/);
    const both = await runCli(["import", "x.txt", "--into", "speech", "--slug", "x"], env);
    expect(both.stderr).toMatch(/Either --into/);
  });
});
