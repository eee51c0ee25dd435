// The bundle `wb` and `wb start` run (lib/cli/bundle.mjs): the CLI and the
// production server (server.ts) from one build of the current sources, whose
// imports of installed packages Node's own ES module loader can follow (it
// adds no extension, where tsx did: `next/server` is `next/server.js`).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundledCli, bundledServer } from "@/lib/cli/bundle.mjs";
import { projectRoot } from "@/lib/paths";
import { finished } from "../helpers/processes";

/** What the bundle's files import from outside it: installed packages, by name or path. */
async function importsFromOutside(folder: string): Promise<string[]> {
  const found = new Set<string>();
  for (const file of (await readdir(folder)).filter((name) => name.endsWith(".mjs"))) {
    const code = await readFile(path.join(folder, file), "utf8");
    // esbuild writes static imports at the start of a line (`import x from "…";`, `import "…";`), dynamic ones as `import("…")`.
    for (const [, atStart, dynamic] of code.matchAll(/^import\s(?:[^"';]*?\sfrom\s*)?"([^"]+)";$|\bimport\("([^"]+)"\)/gm)) {
      const specifier = (atStart ?? dynamic)!;
      if (!specifier.startsWith(".") && !specifier.startsWith("node:")) found.add(specifier);
    }
  }
  return [...found].sort();
}

describe("the bundle of the CLI and the server", () => {
  it("holds both entries, built from the current sources", async () => {
    const cli = fileURLToPath((await bundledCli()) as string);
    const server = (await bundledServer()) as string;
    expect(path.basename(cli)).toBe("main.mjs");
    expect(path.basename(server)).toBe("server.mjs");
    expect(path.dirname(server)).toBe(path.dirname(cli));
    expect(path.relative(path.join(projectRoot, "node_modules/.cache/wb"), server).startsWith("..")).toBe(false);
    // The server's Next.js app is the project, not the bundle's folder (import.meta.dirname stays the source's).
    expect(await readFile(server, "utf8")).toContain(JSON.stringify(projectRoot));
  });

  it("imports only what Node's own loader finds", async () => {
    const folder = path.dirname((await bundledServer()) as string);
    const specifiers = await importsFromOutside(folder);
    expect(specifiers).toContain("next");
    expect(specifiers.some((specifier) => specifier.endsWith(path.join("next", "server.js")))).toBe(true);
    // Each resolved as the bundle's own files resolve it: from a module in its folder, by Node without tsx.
    const probe = `const failed = [];
      for (const specifier of ${JSON.stringify(specifiers)}) {
        try { await import(specifier); } catch (error) { if (error.code === "ERR_MODULE_NOT_FOUND" || error.code === "ERR_UNSUPPORTED_DIR_IMPORT") failed.push(specifier + ": " + error.message.split("\\n")[0]); }
      }
      console.log(JSON.stringify(failed));`;
    const result = await finished(
      spawn(process.execPath, ["--input-type=module", "-e", probe], { cwd: folder, env: { ...process.env, NODE_ENV: "production" } }),
    );
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout.trim().split("\n").at(-1)!)).toEqual([]);
    for (const specifier of specifiers.filter((specifier) => path.isAbsolute(specifier))) expect(existsSync(specifier)).toBe(true);
  });
});
