import { transliterate } from "../transliteration";

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
 * written in Latin letters in the address (`Речь.ru.txt` → `rech`).
 */
export function documentNameFromFileName(fileName: string): { title: string; slug: string } {
  const stem = fileName.replace(/\.[^.]+$/, "");
  const suffix = LANGUAGE_SUFFIX.exec(stem);
  const tag = suffix?.[2] ?? suffix?.[3];
  const title = tag && isKnownLanguage(tag) ? suffix![1]!.trim() : stem;
  const slug = transliterate(title)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // the accents NFKD took apart: "é" → "e", not "e-"
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
  return { title, slug };
}
