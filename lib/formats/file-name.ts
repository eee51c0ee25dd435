import { transliterate } from "../transliteration";
import type { ImportFormat } from "./types";

/**
 * The formats file extensions name (detect.ts reads a file's first bytes when its extension names none).
 * A Map, so that a name ending in ".constructor" or ".__proto__" finds nothing rather than Object's own.
 */
export const FORMAT_OF_EXTENSION: ReadonlyMap<string, ImportFormat> = new Map([
  ["txt", "txt"],
  ["text", "txt"],
  ["md", "md"],
  ["markdown", "md"],
  ["html", "html"],
  ["htm", "html"],
  ["xhtml", "html"],
  ["docx", "docx"],
  ["tmx", "tmx"],
  ["xlf", "xliff"],
  ["xliff", "xliff"],
  ["csv", "csv"],
]);

/** A file input's `accept` list for the files an import or update reads. */
export const IMPORT_ACCEPT = [...FORMAT_OF_EXTENSION.keys()].map((extension) => `.${extension}`).join(",");

/** The lower-cased extension of a file name, if it has one. */
export const extensionOf = (fileName: string) => /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();

/** Formats that hold several languages and name them inside, so a language tag in their name says nothing. */
const BILINGUAL: ReadonlySet<ImportFormat> = new Set(["tmx", "xliff", "csv"]);

/** Names languages; `fallback: "none"` gives undefined for a code no language has. */
const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
const isKnownLanguage = (tag: string) => {
  try {
    return languageNames.of(tag.replace("_", "-")) !== undefined;
  } catch {
    return false; // not a well-formed tag ("en-1a")
  }
};

/** A two-letter language, with a script or region if any: `ru`, `pt-BR`, `zh_Hant`. */
const TAG = String.raw`[a-z]{2}(?:[-_][a-z\d]{2,4})?`;
/** `.ru`, `.pt-BR` or ` (ru)` at the end of a name without its extension; the tag is group 2 or 3. */
const LANGUAGE_SUFFIX = new RegExp(String.raw`^(.+?)(?:\.(${TAG})|\s*\((${TAG})\))$`, "i");

/**
 * What an imported file's name suggests for a new document: its title and
 * address (slug), without the extension and without a language tag before
 * it (`Board Speech.ru.txt` or `Board Speech (ru).docx` → "Board Speech",
 * `board-speech`), since translators name each language's file after one
 * document. A tag counts only when it names a known language by its
 * two-letter code (with a script or region if any): three letters, or any
 * two, would take words (`Minutes.old.txt`, `Notes.ok.txt`). Cyrillic is
 * written in Latin letters in the address (`Речь.ru.txt` → `rech`). In a file
 * of one language (not TMX, XLIFF or CSV) the tag, written as a language tag
 * (`pt_br` → `pt-BR`), is its language.
 */
export function documentNameFromFileName(fileName: string): { title: string; slug: string; language?: string } {
  const stem = fileName.replace(/\.[^.]+$/, "");
  const suffix = LANGUAGE_SUFFIX.exec(stem);
  const tag = suffix?.[2] ?? suffix?.[3];
  const known = tag !== undefined && isKnownLanguage(tag);
  const title = known ? suffix![1]!.trim() : stem;
  const slug = transliterate(title)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // the accents NFKD took apart: "é" → "e", not "e-"
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
  const format = FORMAT_OF_EXTENSION.get(extensionOf(fileName) ?? "");
  if (!known || (format && BILINGUAL.has(format))) return { title, slug };
  return { title, slug, language: Intl.getCanonicalLocales(tag.replace("_", "-"))[0]! };
}
