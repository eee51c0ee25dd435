import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CellStatus } from "@/lib/db/generated/enums";
import { ROW_FILTERS } from "@/lib/documents/row-filters";
import { locales, resources } from "@/lib/i18n";
import { projectRoot } from "@/lib/paths";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : file.endsWith(".tsx") ? [file] : [];
  });
}

const sources = [...filesUnder(path.join(projectRoot, "app")), ...filesUnder(path.join(projectRoot, "components"))].map((file) => ({
  file: path.relative(projectRoot, file),
  text: readFileSync(file, "utf8"),
}));

// Attributes a person reads or hears.
const VISIBLE_ATTRIBUTES = new Set(["title", "aria-label", "placeholder", "alt", "label"]);
const LETTER = /\p{L}/u;

/** User-visible text written straight into JSX instead of coming from a locale file. */
function hardCodedText(file: string, text: string): string[] {
  const found: string[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) found.push(`${file}: text "${node.text.trim()}"`);
    if (
      ts.isJsxAttribute(node) &&
      VISIBLE_ATTRIBUTES.has(node.name.getText()) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      LETTER.test(node.initializer.text)
    ) {
      found.push(`${file}: ${node.name.getText()}="${node.initializer.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

type Tree = { [key: string]: string | Tree };

function hasKey(locale: (typeof locales)[number], key: string): boolean {
  let node: string | Tree | undefined = resources[locale].translation as Tree;
  const parts = key.split(".");
  const last = parts.pop()!;
  for (const part of parts) node = typeof node === "object" ? node[part] : undefined;
  if (typeof node !== "object") return false;
  return typeof node[last] === "string" || typeof node[`${last}_other`] === "string";
}

describe("interface text", () => {
  it("comes from the locale files, never from JSX literals", () => {
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.flatMap(({ file, text }) => hardCodedText(file, text))).toEqual([]);
  });

  it("catches a hard-coded string when there is one", () => {
    expect(hardCodedText("probe.tsx", `const a = <p title="Hello">Save now</p>;`)).toEqual([
      'probe.tsx: title="Hello"',
      'probe.tsx: text "Save now"',
    ]);
    expect(hardCodedText("probe.tsx", `const a = <p title={t("x")}>{t("y")} ← 1</p>;`)).toEqual([]);
  });

  it("uses only keys that exist in every locale", () => {
    const keys = new Set(sources.flatMap(({ text }) => [...text.matchAll(/\bt\(\s*"([^"]+)"/g)].map((match) => match[1]!)));
    for (const status of Object.values(CellStatus)) keys.add(`document.status.${status}`);
    for (const filter of ROW_FILTERS) keys.add(`filters.${filter}`);
    for (const alignment of ["automatic", "confirmed"]) keys.add(`row.alignment.${alignment}`);
    for (const kind of ["import", "split", "merge", "insert", "delete", "restore", "shift", "move", "confirm", "undo", "redo"])
      keys.add(`changes.kind.${kind}`);
    expect(keys.size).toBeGreaterThan(50);
    const missing = locales.flatMap((locale) => [...keys].filter((key) => !hasKey(locale, key)).map((key) => `${locale}: ${key}`));
    expect(missing).toEqual([]);
  });
});

describe("cell statuses", () => {
  it("are declared in workflow order, the order the editor and the review queue list them in", () => {
    expect(Object.values(CellStatus)).toEqual(["draft", "translated", "reviewed", "approved"]);
  });
});
