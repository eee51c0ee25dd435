import { inflateRawSync } from "node:zlib";
import { limitExceeded, MAX_ZIP_RATIO, ZIP_RATIO_FLOOR_BYTES } from "../limits";
import { badImport, formatMegabytes } from "./errors";

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export type ZipEntry = { name: string; method: number; compressedSize: number; uncompressedSize: number; localHeaderOffset: number };

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && view(bytes).getUint32(0, true) === LOCAL_FILE_HEADER;
}

/**
 * Reads a zip archive's central directory and proves that it unpacks to at
 * most `maxUncompressedBytes`: first by the sizes the directory declares,
 * and their ratio to the compressed sizes (MAX_ZIP_RATIO), then by inflating
 * every entry with its declared size as a hard ceiling, so a zip bomb that
 * lies about its sizes stops at the ceiling instead of filling memory, and
 * one that tells the truth is refused before a byte is inflated. `what`
 * names the kind of file for messages ("DOCX").
 */
export function checkZipArchive(bytes: Uint8Array, what: string, maxUncompressedBytes: number): ZipEntry[] {
  const entries = readCentralDirectory(bytes, what);
  const declaredTotal = entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
  if (declaredTotal > maxUncompressedBytes) throw tooBig(what, maxUncompressedBytes, declaredTotal);
  for (const entry of entries) {
    if (entry.uncompressedSize > ZIP_RATIO_FLOOR_BYTES && entry.uncompressedSize > entry.compressedSize * MAX_ZIP_RATIO) {
      const ratio = Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize));
      throw limitExceeded(
        "zip_ratio",
        MAX_ZIP_RATIO,
        `The ${what} file looks like a zip bomb: "${entry.name}" unpacks to ${ratio} times its packed size (${formatMegabytes(entry.uncompressedSize)}); at most ${MAX_ZIP_RATIO} times is accepted`,
        { found: ratio },
      );
    }
  }
  for (const entry of entries) {
    const data = entryData(bytes, entry, what);
    const size = entry.method === STORED ? data.length : inflatedSize(data, entry, what);
    if (size !== entry.uncompressedSize) {
      throw badImport(
        `The ${what} file is damaged: "${entry.name}" unpacks to ${size} bytes, not the ${entry.uncompressedSize} its zip directory declares`,
      );
    }
  }
  return entries;
}

function readCentralDirectory(bytes: Uint8Array, what: string): ZipEntry[] {
  const data = view(bytes);
  const notZip = () => badImport(`The file is not a ${what} file: it is not a zip archive`);
  if (!isZip(bytes)) throw notZip();
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 0xffff); offset--) {
    if (data.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw badImport(`The ${what} file is damaged or cut off: its zip directory is missing`);
  const count = data.getUint16(end + 10, true);
  let offset = data.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw badImport(`The ${what} file is a ZIP64 archive, which is not supported`);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (offset + 46 > bytes.length || data.getUint32(offset, true) !== CENTRAL_DIRECTORY_ENTRY) {
      throw badImport(`The ${what} file is damaged: zip directory entry ${index + 1} of ${count} is unreadable`);
    }
    const nameLength = data.getUint16(offset + 28, true);
    entries.push({
      method: data.getUint16(offset + 10, true),
      compressedSize: data.getUint32(offset + 20, true),
      uncompressedSize: data.getUint32(offset + 24, true),
      localHeaderOffset: data.getUint32(offset + 42, true),
      name: new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
    });
    offset += 46 + nameLength + data.getUint16(offset + 30, true) + data.getUint16(offset + 32, true);
  }
  return entries;
}

function entryData(bytes: Uint8Array, entry: ZipEntry, what: string): Uint8Array {
  const data = view(bytes);
  const header = entry.localHeaderOffset;
  if (header + 30 > bytes.length || data.getUint32(header, true) !== LOCAL_FILE_HEADER) {
    throw badImport(`The ${what} file is damaged: the data of "${entry.name}" is missing`);
  }
  const start = header + 30 + data.getUint16(header + 26, true) + data.getUint16(header + 28, true);
  if (start + entry.compressedSize > bytes.length) throw badImport(`The ${what} file is cut off inside "${entry.name}"`);
  return bytes.subarray(start, start + entry.compressedSize);
}

function inflatedSize(data: Uint8Array, entry: ZipEntry, what: string): number {
  if (entry.method !== DEFLATED) {
    throw badImport(`The ${what} file uses a zip compression method (${entry.method}) that is not supported, in "${entry.name}"`);
  }
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) }).length;
  } catch (error) {
    if (error instanceof RangeError) {
      throw badImport(
        `The ${what} file is damaged or malicious: "${entry.name}" unpacks to more than the ${entry.uncompressedSize} bytes its zip directory declares`,
      );
    }
    throw badImport(`The ${what} file is damaged: "${entry.name}" cannot be unpacked (${(error as Error).message})`);
  }
}

function tooBig(what: string, limit: number, declared: number) {
  return limitExceeded(
    "unpacked_bytes",
    limit,
    `The ${what} file unpacks to ${formatMegabytes(declared)}, more than the ${formatMegabytes(limit)} an import may unpack to`,
    { found: declared },
  );
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
