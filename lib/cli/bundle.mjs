// The CLI and the production server (server.ts) as one bundle of plain JavaScript,
// made by esbuild (which tsx depends on) and kept in node_modules/.cache/wb. Run
// through tsx, every `wb` command first spent most of a second loading: tsx's hooks
// resolve and load each of the CLI's modules on another thread, and the file readers'
// packages load file by file (`wb align` on two one-line files: 0.85 s, from the
// bundle 0.3 s). The server loads the route handlers it answers directly and the
// lib/ behind them the same way (see `bundledServer`). Plain JavaScript so that Node
// runs it as it is, before anything can load TypeScript.
//
// A bundle is named by a hash of everything it was made from (each source file's path
// and content, the names of the files beside it, tsconfig.json, package.json, the
// installed packages, this file), computed afresh at each start: a source changed
// since (or a package installed) names a bundle not made yet, which is made then
// (about half a second), so stale code never runs.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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

const requireFromRoot = createRequire(path.join(root, "package.json"));

/**
 * How the bundle imports a file of an installed package (`next/server`):
 * as written when the package lists its files (`exports`), else by the path
 * CommonJS finds, since Node's ES module loader does not add the extension
 * (tsx did, running the sources).
 */
function externalFile(specifier, name) {
  try {
    if (JSON.parse(readFileSync(requireFromRoot.resolve(`${name}/package.json`), "utf8")).exports) return specifier;
  } catch {
    // No package.json that may be read: Node's own resolution decides, and names what is missing.
    return specifier;
  }
  return requireFromRoot.resolve(specifier);
}

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

/** What a bundle holds: each entry's name (its file in the bundle, `name`.mjs) and source. */
const ENTRIES = { main: "lib/cli/main.ts", server: "server.ts" };

/** The folder of the bundle of the current sources if one was made, or undefined. */
function existingBundle() {
  try {
    const { sources } = JSON.parse(readFileSync(manifest, "utf8"));
    const folder = path.join(cache, hashOf(sources));
    for (const name of Object.keys(ENTRIES)) statSync(path.join(folder, `${name}.mjs`));
    return folder;
  } catch {
    return undefined;
  }
}

/** Bundles the entries into a new folder of the cache; the path of that folder. */
async function makeBundle() {
  const esbuild = await import("esbuild");
  mkdirSync(cache, { recursive: true });
  const building = path.join(cache, `building-${process.pid}-${Date.now()}`);
  /** The sources as esbuild read them, so that the hash is of what was bundled. */
  const read = new Map();
  try {
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: ENTRIES,
      outdir: building,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      // A chunk for each module main.ts imports when a command needs it (`wb align` loads none of Prisma's), and
      // chunks the two entries share.
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
              if (BUNDLED_PACKAGES.has(name)) return undefined;
              return { path: specifier === name ? specifier : externalFile(specifier, name), external: true };
            });
            build.onLoad({ filter: /.*/ }, ({ path: file }) => {
              if (file.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
              const bytes = readFileSync(file);
              read.set(path.relative(root, file), bytes);
              // import.meta's url, dirname and filename stay each source's own: files are found beside their sources (lib/paths.ts,
              // the aligner's worker, server.ts's Next.js app). (A pattern, not the words: this file is bundled too.)
              const own = { url: pathToFileURL(file).href, dirname: path.dirname(file), filename: file };
              const contents = bytes
                .toString("utf8")
                .replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key) => JSON.stringify(own[key]));
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
    return bundle;
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

/** The URL of an entry's file in the bundle of the current sources, made now if they changed since the last one. */
async function bundled(name) {
  return pathToFileURL(path.join(existingBundle() ?? (await makeBundle()), `${name}.mjs`)).href;
}

/**
 * The URL of the bundled CLI (lib/cli/main.ts); undefined when no bundle can
 * be made (esbuild missing, node_modules not writable), for the caller to run
 * the sources.
 */
export async function bundledCli() {
  try {
    return await bundled("main");
  } catch (error) {
    if (process.env.WB_DEBUG) console.error(`wb: running the sources through tsx, since no bundle could be made: ${error.stack ?? error}`);
    return undefined;
  }
}

/**
 * The path of the bundled production server (server.ts), for `wb start` to
 * run; undefined when no bundle can be made, for it to run the source
 * through tsx. Bundled, the server was Ready in 1.3–1.5 s where through tsx
 * it took 3.1–3.5 s (side by side on the 2-core machine): every browser
 * test's app start pays that.
 */
export async function bundledServer() {
  try {
    return fileURLToPath(await bundled("server"));
  } catch (error) {
    if (process.env.WB_DEBUG) console.error(`wb: running server.ts through tsx, since no bundle could be made: ${error.stack ?? error}`);
    return undefined;
  }
}
