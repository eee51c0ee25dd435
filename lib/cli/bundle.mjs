// The CLI as one bundle of plain JavaScript, made by esbuild (which tsx depends on)
// and kept in node_modules/.cache/wb. Run through tsx, every `wb` command first spent
// most of a second loading: tsx's hooks resolve and load each of the CLI's modules
// on another thread, and the file readers' packages load file by file (`wb align` on
// two one-line files: 0.85 s, from the bundle 0.3 s). Plain JavaScript so that Node
// runs it as it is, before anything can load TypeScript.
//
// A bundle is named by a hash of everything it was made from (each source file's path
// and content, the names of the files beside it, tsconfig.json, package.json, the
// installed packages, this file), computed afresh at each start: a source changed
// since (or a package installed) names a bundle not made yet, which is made then
// (about half a second), so stale code never runs.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cache = path.join(root, "node_modules", ".cache", "wb");
/** Lists the sources of the last bundle made, whose hash names the bundle to run. */
const manifest = path.join(cache, "inputs.json");
/** Bundles kept for commands still running from an older one (`wb dev` while sources change). */
const KEEP = 4;

/**
 * The packages bundled with the CLI: the file readers' (lib/formats) and the
 * aligner's, plain JavaScript that loads file by file otherwise (mammoth alone
 * is dozens of CommonJS files). The others stay where they are installed, as
 * Node loads them: Prisma, Next and pg find files beside their own, and zod
 * must stay the one copy better-auth shares.
 */
const BUNDLED_PACKAGES = new Set(["htmlparser2", "mammoth", "marked", "saxes", "snowball-stemmers"]);

/** What every bundle depends on besides its sources. */
const CONFIGURATION = ["tsconfig.json", "package.json", "node_modules/.package-lock.json", "lib/cli/bundle.mjs"];

/** A file's bytes, or a mark that it is missing (a project without package-lock.json, a source removed). */
function contentsOf(file) {
  try {
    return readFileSync(path.join(root, file));
  } catch {
    return "\0missing";
  }
}

/** The hash naming a bundle of `sources` (paths from the root, with their contents), as they are now unless given. */
function hashOf(sources, contents = contentsOf) {
  const hash = createHash("sha256").update(`${root}\0${process.version}\0`);
  const folders = new Set();
  for (const file of [...CONFIGURATION, ...sources]) {
    hash.update(`${file}\0`).update(contents(file)).update("\0");
    folders.add(path.dirname(file));
  }
  // A file added beside a source may be the one an import finds now (x.ts beside x/index.ts).
  for (const folder of [...folders].sort()) hash.update(`${folder}\0${readdirSync(path.join(root, folder)).sort().join("\0")}\0`);
  return hash.digest("hex").slice(0, 32);
}

/** The bundle of the current sources if one was made, or undefined. */
function existingBundle() {
  try {
    const { sources } = JSON.parse(readFileSync(manifest, "utf8"));
    const entry = path.join(cache, hashOf(sources), "main.mjs");
    statSync(entry);
    return entry;
  } catch {
    return undefined;
  }
}

/** Bundles lib/cli/main.ts into a new folder of the cache; the path of its entry. */
async function makeBundle() {
  const esbuild = await import("esbuild");
  mkdirSync(cache, { recursive: true });
  const building = path.join(cache, `building-${process.pid}-${Date.now()}`);
  /** The sources as esbuild read them, so that the hash is of what was bundled. */
  const read = new Map();
  try {
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: ["lib/cli/main.ts"],
      outdir: building,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      // A chunk for each module main.ts imports when a command needs it: `wb align` loads none of Prisma's.
      splitting: true,
      format: "esm",
      platform: "node",
      target: `node${process.versions.node.split(".")[0]}`,
      logLevel: "error",
      // Read only when WB_DEBUG asks for stack traces (bin/wb.mjs): they then name the sources' lines.
      sourcemap: true,
      // The bundled CommonJS packages require Node's modules.
      banner: {
        js: 'import { createRequire as createRequireOfBundle } from "node:module"; const require = createRequireOfBundle(import.meta.url);',
      },
      plugins: [
        {
          name: "wb-sources",
          setup(build) {
            build.onResolve({ filter: /^[^./]/ }, ({ path: specifier, importer }) => {
              // The bundled packages' own imports are followed; tsconfig's "@/" paths are sources.
              if (importer.includes(`${path.sep}node_modules${path.sep}`) || specifier.startsWith("@/")) return undefined;
              const name = specifier.split("/", specifier.startsWith("@") ? 2 : 1).join("/");
              return BUNDLED_PACKAGES.has(name) ? undefined : { path: specifier, external: true };
            });
            build.onLoad({ filter: /.*/ }, ({ path: file }) => {
              if (file.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
              const bytes = readFileSync(file);
              read.set(path.relative(root, file), bytes);
              // import.meta.url stays each source's own URL: files are found beside their sources (lib/paths.ts, the aligner's worker).
              const contents = bytes.toString("utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(file).href));
              return { contents, loader: path.extname(file).slice(1).replace(/^[cm]/, "") };
            });
          },
        },
      ],
    });
    const sources = [...read.keys()].sort();
    const key = hashOf(sources, (file) => read.get(file) ?? contentsOf(file));
    const bundle = path.join(cache, key);
    try {
      renameSync(building, bundle);
    } catch {
      // Made meanwhile by another wb started at the same time: the same sources, the same bundle.
      rmSync(building, { recursive: true, force: true });
    }
    const listing = `${manifest}.${process.pid}`;
    writeFileSync(listing, JSON.stringify({ sources }));
    renameSync(listing, manifest);
    pruneBundles(key);
    return path.join(bundle, "main.mjs");
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

/** Removes all but the newest bundles (and `keep`). */
function pruneBundles(keep) {
  const bundles = readdirSync(cache, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[0-9a-f]{32}$/.test(entry.name) && entry.name !== keep)
    .map((entry) => ({ name: entry.name, time: statSync(path.join(cache, entry.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { name } of bundles.slice(KEEP - 1)) rmSync(path.join(cache, name), { recursive: true, force: true });
}

/**
 * The URL of the bundled CLI (lib/cli/main.ts), made now if the sources
 * changed since the last one; undefined when it cannot be made (esbuild
 * missing, node_modules not writable), for the caller to run the sources.
 */
export async function bundledCli() {
  try {
    return pathToFileURL(existingBundle() ?? (await makeBundle())).href;
  } catch (error) {
    if (process.env.WB_DEBUG) console.error(`wb: running the sources through tsx, since no bundle could be made: ${error.stack ?? error}`);
    return undefined;
  }
}
