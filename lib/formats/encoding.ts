import { badImport } from "./errors";

export type DecodedText = { text: string; encoding: string };

/** Bytes looked at to guess UTF-16 without a byte-order mark and to spot binary files. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Decodes an imported text file. Recognises UTF-8 (with or without BOM),
 * UTF-16 LE/BE (by BOM or by the NUL bytes of its ASCII characters), and,
 * for files that are not valid UTF-8, the two legacy Cyrillic encodings
 * Windows-1251 and KOI8-R. Refuses empty, blank and binary files and bytes
 * that fit none of these, naming the offending byte's offset.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw badImport("The file is empty");
  return checkedText(detectAndDecode(bytes));
}

/**
 * Decodes an XML file, honouring the encoding its XML declaration names; a
 * byte-order mark wins over the declaration, and a file without either is
 * detected like any text file.
 */
export function decodeXml(bytes: Uint8Array): DecodedText {
  return decodeAsDeclared(bytes, declaredXmlEncoding, "XML declaration");
}

/** Decodes an HTML file, honouring the charset of its <meta> tag the way decodeXml honours the XML declaration. */
export function decodeHtml(bytes: Uint8Array): DecodedText {
  return decodeAsDeclared(bytes, declaredHtmlCharset, "<meta charset>");
}

function decodeAsDeclared(bytes: Uint8Array, declaration: (bytes: Uint8Array) => string | null, declaredBy: string): DecodedText {
  if (bytes.length === 0) throw badImport("The file is empty");
  const declared = (bomEncoding(bytes) ?? utf16ByNulPattern(bytes)) ? null : declaration(bytes);
  if (declared === null) return checkedText(detectAndDecode(bytes));
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared, { fatal: true });
  } catch {
    throw badImport(`The ${declaredBy} names the encoding "${declared}", which is not supported; save the file as UTF-8`);
  }
  if (decoder.encoding === "utf-8") return checkedText({ text: decodeUtf8(bytes), encoding: "utf-8" });
  if (decoder.encoding.startsWith("utf-16")) return checkedText(detectAndDecode(bytes));
  try {
    return checkedText({ text: decoder.decode(bytes), encoding: decoder.encoding });
  } catch {
    throw badImport(`The file is not valid ${decoder.encoding} although its ${declaredBy} says so`);
  }
}

function detectAndDecode(bytes: Uint8Array): DecodedText {
  const encoding = bomEncoding(bytes) ?? utf16ByNulPattern(bytes);
  if (encoding === "utf-8") return { text: decodeUtf8(bytes), encoding };
  if (encoding) return { text: decodeUtf16(bytes, encoding), encoding };
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) throw looksBinary();
  const utf8 = tryDecode(bytes, "utf-8");
  if (utf8 !== null) return { text: utf8, encoding: "utf-8" };
  return decodeLegacyCyrillic(bytes);
}

function bomEncoding(bytes: Uint8Array): "utf-8" | "utf-16le" | "utf-16be" | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/**
 * UTF-16 without a byte-order mark: ASCII characters (spaces, punctuation,
 * Latin letters) put a NUL in every other byte, always on the same side.
 */
function utf16ByNulPattern(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, SNIFF_BYTES) & ~1);
  const pairs = sample.length / 2;
  if (pairs < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < sample.length; index += 2) {
    if (sample[index] === 0) evenNuls++;
    if (sample[index + 1] === 0) oddNuls++;
  }
  if (oddNuls >= pairs * 0.1 && evenNuls <= pairs * 0.01) return "utf-16le";
  if (evenNuls >= pairs * 0.1 && oddNuls <= pairs * 0.01) return "utf-16be";
  return null;
}

function declaredXmlEncoding(bytes: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 256));
  const declaration = /^<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']/.exec(head);
  return declaration ? declaration[1]!.trim() : null;
}

function declaredHtmlCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const meta = /<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return meta ? meta[1]! : null;
}

function tryDecode(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  const text = tryDecode(bytes, "utf-8");
  if (text !== null) return text;
  const offset = firstInvalidUtf8Offset(bytes);
  throw badImport(`The file is not valid UTF-8: byte 0x${hex(bytes[offset]!)} at offset ${offset} does not belong to a UTF-8 character`, {
    offset,
  });
}

function decodeUtf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): string {
  if (bytes.length % 2 === 1) {
    throw badImport(
      `The file looks like ${encoding.toUpperCase()} but has an odd number of bytes (${bytes.length}); it is cut off or not UTF-16`,
    );
  }
  const text = tryDecode(bytes, encoding);
  if (text !== null) return text;
  const offset = firstUnpairedSurrogateOffset(bytes, encoding);
  throw badImport(`The file is not valid ${encoding.toUpperCase()}: an unpaired surrogate at byte offset ${offset}`, { offset });
}

/** Characters from bytes 0x80–0xFF that legacy Cyrillic text is made of. */
const CYRILLIC_TEXT_CHARACTER =
  /[\u0400-\u04FF\u00A0\u00AB\u00BB\u00A9\u00B0\u00B7\u2013\u2014\u2018\u2019\u201A\u201C\u201D\u201E\u2026\u2116]/;
const LOWERCASE_CYRILLIC = /[\u0430-\u044F\u0450-\u045F]/;

/**
 * Windows-1251 or KOI8-R, told apart by case: running Russian text is mostly
 * lowercase, which Windows-1251 keeps at 0xE0–0xFF and KOI8-R at 0xC0–0xDF, so
 * the wrong choice reads as mostly capitals. A file whose high bytes do not
 * read as Cyrillic words in either (isolated accented letters, binary data)
 * is refused.
 */
function decodeLegacyCyrillic(bytes: Uint8Array): DecodedText {
  const candidates = (["windows-1251", "koi8-r"] as const)
    .map((encoding) => ({ encoding, text: new TextDecoder(encoding).decode(bytes) }))
    .map((candidate) => ({ ...candidate, ...cyrillicStatistics(candidate.text) }))
    .filter((candidate) => candidate.plausible)
    .sort((a, b) => b.lowercase - a.lowercase);
  const best = candidates[0];
  if (best) return { text: best.text, encoding: best.encoding };
  const offset = firstInvalidUtf8Offset(bytes);
  throw badImport(
    `The file is not valid UTF-8 (byte 0x${hex(bytes[offset]!)} at offset ${offset}) and does not read as Windows-1251 or KOI8-R Cyrillic text either; save it as UTF-8 and import it again`,
    { offset },
  );
}

function cyrillicStatistics(decoded: string): { plausible: boolean; lowercase: number } {
  const text = decoded.slice(0, SNIFF_BYTES);
  let nonAscii = 0;
  let textLike = 0;
  let inWords = 0;
  let lowercase = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character < "\u0080") continue;
    nonAscii++;
    if (CYRILLIC_TEXT_CHARACTER.test(character)) textLike++;
    if (LOWERCASE_CYRILLIC.test(character)) lowercase++;
    if ((text[index - 1] ?? "") >= "\u0080" || (text[index + 1] ?? "") >= "\u0080") inWords++;
  }
  return { plausible: textLike >= nonAscii * 0.95 && inWords >= nonAscii * 0.6, lowercase };
}

function checkedText({ text, encoding }: DecodedText): DecodedText {
  const withoutBom = text.replace(/^\uFEFF/, "");
  if (isBinaryText(withoutBom)) throw looksBinary();
  if (withoutBom.trim() === "") throw badImport("The file contains only whitespace");
  return { text: withoutBom, encoding };
}

/** NULs, or more than 1% other control characters (tabs, line and page breaks and escape are text). */
function isBinaryText(text: string): boolean {
  const sample = text.slice(0, SNIFF_BYTES);
  if (sample.includes("\u0000")) return true;
  const controls = sample.match(/[\u0001-\u0008\u000E-\u001A\u001C-\u001F\u007F]/g)?.length ?? 0;
  return controls > sample.length * 0.01;
}

function looksBinary() {
  return badImport("The file looks like a binary file, not text (it contains NUL or other control bytes)");
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    let length: number;
    let secondMin = 0x80;
    let secondMax = 0xbf;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) secondMin = 0xa0;
      if (lead === 0xed) secondMax = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) secondMin = 0x90;
      if (lead === 0xf4) secondMax = 0x8f;
    } else return index;
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      const [min, max] = next === 1 ? [secondMin, secondMax] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return bytes.length;
}

function firstUnpairedSurrogateOffset(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): number {
  const unitAt = (offset: number) =>
    encoding === "utf-16le" ? bytes[offset]! | (bytes[offset + 1]! << 8) : (bytes[offset]! << 8) | bytes[offset + 1]!;
  const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
  const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
  for (let offset = 0; offset + 1 < bytes.length; offset += 2) {
    const unit = unitAt(offset);
    if (isLow(unit)) return offset;
    if (isHigh(unit)) {
      if (offset + 3 >= bytes.length || !isLow(unitAt(offset + 2))) return offset;
      offset += 2;
    }
  }
  return bytes.length;
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, "0");
}
