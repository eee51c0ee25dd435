import { badImport } from "./errors";

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;

/**
 * Brings a language tag from a file to the form documents use: `EN_us` →
 * `en-US`, `zh-hant-tw` → `zh-Hant-TW`. `where` names the place in the file
 * for the error when the value is not a language tag at all.
 */
export function normalizeLanguageTag(value: string, where: string): string {
  const trimmed = value.trim();
  if (!LANGUAGE_TAG.test(trimmed)) {
    throw badImport(`${where}: "${value}" is not a language tag like "ru" or "pt-BR"`);
  }
  return trimmed
    .split(/[-_]/)
    .map((part, index) => {
      if (index === 0) return part.toLowerCase();
      if (part.length === 2 || /^\d{3}$/.test(part)) return part.toUpperCase();
      if (part.length === 4) return part[0]!.toUpperCase() + part.slice(1).toLowerCase();
      return part.toLowerCase();
    })
    .join("-");
}
