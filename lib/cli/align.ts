import { parseArgs } from "node:util";
import { alignParagraphs, type Bead } from "../align";
import { AppError } from "../errors";
import { parseImportFile } from "../formats";
import { LOW_CONFIDENCE } from "../schemas";
import { readInputFile } from "./files";

type Print = (line: string) => void;

/**
 * The paragraphs of a text file, read as `wb import` reads a .txt file
 * (lib/formats: UTF-8, UTF-16 or legacy Cyrillic, binary files refused)
 * and within the same limits (its size, checked before it is read; its
 * paragraphs and their length), so that no file can make the aligner hang.
 */
async function readParagraphs(file: string, what: string): Promise<string[]> {
  const named = `${what} "${file}"`;
  const bytes = await readInputFile(file, named);
  const parsed = await parseImportFile({ bytes, fileName: named, format: "txt" });
  return parsed.kind === "monolingual" ? parsed.paragraphs : [];
}

const preview = (text: string | undefined, width: number) => {
  const flat = (text ?? "").replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
};

/** Paragraph numbers for people: from 1, a range for several, "–" for none. */
const numbers = (indices: number[]) => (indices.length ? indices.map((index) => index + 1).join("+") : "–");

function printTable(beads: Bead[], source: string[], target: string[], print: Print) {
  print(`${"source".padEnd(9)}${"target".padEnd(9)}${"score".padEnd(8)}${"source text".padEnd(42)}target text`);
  for (const bead of beads) {
    const flag = bead.score < LOW_CONFIDENCE ? "?" : " ";
    const sourceText = preview(bead.source.map((index) => source[index]).join(" "), 40);
    const targetText = preview(bead.target.map((index) => target[index]).join(" "), 40);
    print(
      `${numbers(bead.source).padEnd(9)}${numbers(bead.target).padEnd(9)}${bead.score.toFixed(2)}${flag}   ${sourceText}  ${targetText}`.trimEnd(),
    );
  }
  const oneToOne = beads.filter((bead) => bead.source.length === 1 && bead.target.length === 1).length;
  const alone = beads.filter((bead) => !bead.source.length || !bead.target.length).length;
  const doubtful = beads.filter((bead) => bead.score < LOW_CONFIDENCE).length;
  print(
    `${beads.length} rows: ${oneToOne} one to one, ${beads.length - oneToOne - alone} merged, ${alone} without counterpart; ${doubtful} below ${LOW_CONFIDENCE} (?) to check`,
  );
}

/**
 * wb align SOURCE_FILE TARGET_FILE [--json] [--source-language L] [--target-language L]:
 * aligns the paragraphs of two files (paragraphs are separated by blank lines).
 * Needs no database.
 */
export async function align(args: string[], print: Print) {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: "boolean" }, "source-language": { type: "string" }, "target-language": { type: "string" } },
    allowPositionals: true,
  });
  const [sourceFile, targetFile, ...extra] = positionals;
  if (!sourceFile || !targetFile || extra.length) {
    throw new AppError(
      "invalid_input",
      `wb align takes two files, SOURCE_FILE and TARGET_FILE, not ${positionals.length} (${positionals.join(" ") || "none"})`,
      { status: 400 },
    );
  }
  const source = await readParagraphs(sourceFile, "SOURCE_FILE");
  const target = await readParagraphs(targetFile, "TARGET_FILE");
  const beads = alignParagraphs(source, target, { sourceLanguage: values["source-language"], targetLanguage: values["target-language"] });
  if (values.json) {
    print(JSON.stringify({ beads: beads.map((bead) => ({ ...bead, score: Math.round(bead.score * 1000) / 1000 })) }));
    return;
  }
  printTable(beads, source, target, print);
}
