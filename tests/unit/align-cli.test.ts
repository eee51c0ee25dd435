import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { projectRoot } from "@/lib/paths";
import { environment, finished, freePort, runCli } from "../helpers/processes";

let directory: string;
let env: NodeJS.ProcessEnv;
const file = (name: string) => path.join(directory, name);

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "wb-align-"));
  // A database the CLI could not reach and a data directory it must not create: align needs neither.
  env = environment({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/none`, PARALLEL_DATA_DIR: file("data") });
  await writeFile(
    file("ru.txt"),
    "Расширенное заседание коллегии\n\nЗа 2020 год число IT-преступлений выросло в 10 раз.\nЭто очень много для одного года работы, коллеги.\n\nСпасибо.\n",
  );
  await writeFile(
    file("en.txt"),
    "\uFEFFExtended board meeting\n\nIT crimes grew 10 times in 2020.\n\nThis is a great deal for a single year of work, colleagues.\n\nThank you.\n",
  );
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("wb align", () => {
  it("prints one JSON object and nothing else, every paragraph in one bead", async () => {
    const result = await runCli(
      ["align", file("ru.txt"), file("en.txt"), "--json", "--source-language", "ru", "--target-language", "en"],
      env,
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(result.stdout) as { beads: Array<{ source: number[]; target: number[]; score: number }> };
    expect(Object.keys(parsed)).toEqual(["beads"]);
    expect(parsed.beads.map(({ source, target }) => ({ source, target }))).toEqual([
      { source: [0], target: [0] },
      { source: [1], target: [1, 2] },
      { source: [2], target: [3] },
    ]);
    for (const bead of parsed.beads) expect(bead.score).toBeGreaterThanOrEqual(0);
    expect(existsSync(file("data"))).toBe(false);
  });

  it("prints a long answer whole into a pipe, through the installed command as well", async () => {
    // Thousands of beads are far more than a pipe holds: exiting before stdout drained cut them at 64 KiB.
    // A shell pipe (not Node's own stdio, a socket) is what a person's `wb align … | jq` writes into.
    const paragraphs = Array.from({ length: 3000 }, (_, n) => `Paragraph ${n + 1}, with a few words of its own.`).join("\n\n");
    await writeFile(file("long.txt"), paragraphs);
    const quoted = (parts: string[]) => parts.map((part) => `'${part}'`).join(" ");
    const align = ["align", file("long.txt"), file("long.txt"), "--json"];
    for (const command of [
      [process.execPath, "--import", "tsx", path.join(projectRoot, "lib/cli/main.ts"), ...align],
      [process.execPath, path.join(projectRoot, "bin/wb.mjs"), ...align],
    ]) {
      const result = await finished(spawn("sh", ["-c", `${quoted(command)} | cat`], { cwd: projectRoot, env }));
      expect(result.code).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(128 * 1024);
      expect((JSON.parse(result.stdout) as { beads: unknown[] }).beads).toHaveLength(3000);
    }
  });

  it("reads UTF-16 files with a byte-order mark", async () => {
    const text = "Спасибо.\n\nДо свидания.\n";
    await writeFile(file("ru-le.txt"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    await writeFile(file("ru-be.txt"), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]));
    await writeFile(file("en-short.txt"), "Thank you.\n\nGoodbye.\n");
    const results = await Promise.all(
      ["ru-le.txt", "ru-be.txt"].map((source) => runCli(["align", file(source), file("en-short.txt"), "--json"], env)),
    );
    for (const result of results) {
      expect(result.code).toBe(0);
      const { beads } = JSON.parse(result.stdout) as { beads: Array<{ source: number[]; target: number[] }> };
      expect(beads.map(({ source, target }) => [source, target])).toEqual([
        [[0], [0]],
        [[1], [1]],
      ]);
    }
  });

  it("prints a table for people", async () => {
    const result = await runCli(["align", file("ru.txt"), file("en.txt")], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^source\s+target\s+score/);
    expect(lines[2]).toMatch(/^2\s+2\+3\s+\d\.\d\d/);
    expect(lines.at(-1)).toMatch(/^3 rows: 2 one to one, 1 merged, 0 without counterpart/);
  });

  it("reports a missing or unreadable file on stderr with exit code 1 and nothing on stdout", async () => {
    await writeFile(file("latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    // Four runs that need nothing from each other, all at once.
    const [missing, folder, notUtf8, oneFile] = await Promise.all([
      runCli(["align", file("nope.txt"), file("en.txt"), "--json"], env),
      runCli(["align", file("ru.txt"), directory, "--json"], env),
      runCli(["align", file("latin1.txt"), file("en.txt"), "--json"], env),
      runCli(["align", file("ru.txt"), "--json"], env),
    ]);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toBe(`wb: Cannot read SOURCE_FILE "${file("nope.txt")}": there is no such file\n`);

    expect(folder).toMatchObject({ code: 1, stdout: "" });
    expect(folder.stderr).toContain("Cannot read TARGET_FILE");

    expect(notUtf8).toMatchObject({ code: 1, stdout: "" });
    expect(notUtf8.stderr).toContain(`SOURCE_FILE "${file("latin1.txt")}": The file is not valid UTF-8 (byte 0xE9 at offset 3)`);

    expect(oneFile).toMatchObject({ code: 1, stdout: "" });
    expect(oneFile.stderr).toContain("wb align takes two files");
  });
});
