import mammoth from "mammoth";
import { MAX_DOCX_UNCOMPRESSED_BYTES } from "../limits";
import { badImport } from "./errors";
import { htmlParagraphs } from "./html";
import { checkZipArchive } from "./zip";

/** Images carry no text; converting them would only inline their bytes into the HTML. */
const dropImages = mammoth.images.imgElement(async () => ({ src: "" }));

/**
 * Paragraphs of a Word document: body paragraphs, headings, list items and
 * table cells each one, manual line breaks kept. Mammoth's HTML keeps the
 * line breaks its raw text loses.
 */
export async function docxParagraphs(bytes: Uint8Array): Promise<string[]> {
  const entries = checkZipArchive(bytes, "DOCX", MAX_DOCX_UNCOMPRESSED_BYTES);
  if (!entries.some((entry) => entry.name === "word/document.xml")) {
    throw badImport("The file is a zip archive but not a Word document: it has no word/document.xml");
  }
  let html: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    html = (await mammoth.convertToHtml({ buffer }, { convertImage: dropImages })).value;
  } catch (error) {
    throw badImport(`The Word document cannot be read: ${(error as Error).message}`);
  }
  return htmlParagraphs(html);
}
