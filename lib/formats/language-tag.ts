import { badImport } from "./errors";

/**
 * A BCP 47 (RFC 5646) language tag without extensions or private use:
 * language (2–3 letters), an optional extended language (3 letters), script
 * (4 letters), region (2 letters or 3 digits), then variants (5–8 letters or
 * digits, or a digit and 3 more): `en`, `pt-BR`, `zh-Hant-TW`, `de-CH-1901`,
 * `en-revised`. Files also write `_` for `-`.
 */
const LANGUAGE_TAG =
  /^([a-z]{2,3})(?:[-_]([a-z]{3}))?(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|\d{3}))?((?:[-_](?:[a-z\d]{5,8}|\d[a-z\d]{3}))*)$/i;

/**
 * The tag in the form documents use (`EN_us` → `en-US`, `zh-hant-tw` →
 * `zh-Hant-TW`, `en-Revised` → `en-revised`), or null when the value is not a
 * language tag (a name, a stray subtag, a variant given twice).
 */
export function canonicalLanguageTag(value: string): string | null {
  const match = LANGUAGE_TAG.exec(value.trim());
  if (!match) return null;
  const [, language, extended, script, region, variantList] = match;
  const variants = variantList!
    .split(/[-_]/)
    .slice(1)
    .map((variant) => variant.toLowerCase());
  if (new Set(variants).size !== variants.length) return null;
  return [
    language!.toLowerCase(),
    extended?.toLowerCase(),
    script && script[0]!.toUpperCase() + script.slice(1).toLowerCase(),
    region?.toUpperCase(),
    ...variants,
  ]
    .filter(Boolean)
    .join("-");
}

/**
 * Brings a language tag from a file to the form documents use (see
 * canonicalLanguageTag). `where` names the place in the file for the error
 * when the value is not a language tag at all.
 */
export function normalizeLanguageTag(value: string, where: string): string {
  const tag = canonicalLanguageTag(value);
  if (tag === null) throw badImport(`${where}: "${value}" is not a language tag like "ru", "pt-BR" or "en-revised"`);
  return tag;
}
