import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { alignParagraphs, type Bead } from "../align";
import { splitParagraphs } from "../align/paragraphs";
import { AppError } from "../errors";
import { LOW_CONFIDENCE } from "../schemas";

type Print = (line: string) => void;

/** A text file as UTF-8 (a byte-order mark dropped), or UTF-16 when it starts with a UTF-16 byte-order mark. */
export function decodeText(bytes: Uint8Array, what: string): string {
  const [first, second] = bytes;
  const encoding = first === 0xff && second === 0xfe ? "utf-16le" : first === 0xfe && second === 0xff ? "utf-16be" : "utf-8";
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new AppError("unreadable_file", `${what} is not ${encoding === "utf-8" ? "UTF-8" : "UTF-16"} text`, { status: 400, cause });
  }
}

async function readParagraphs(file: string, what: string): Promise<string[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "there is no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (cause as Error).message;
    throw new AppError(code === "ENOENT" ? "file_not_found" : "unreadable_file", `Cannot read ${what} "${file}": ${reason}`, {
      status: 400,
      cause,
    });
  }
  return splitParagraphs(decodeText(bytes, `${what} "${file}"`));
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
