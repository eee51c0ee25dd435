import { checkCellLength, checkImportRowCount, checkLanguageCount } from "../limits";
import { badImport } from "./errors";
import { normalizeLanguageTag } from "./language-tag";
import { type ExportDocument, readRevisionId, REVISION_CARRIER, type TransferRow } from "./types";
import { childElements, escapeXml, escapeXmlAttribute, inlineText, parseXml, where } from "./xml";

/** TMX inline elements holding native codes of the original format, not text. */
const NATIVE_CODES = new Set(["bpt", "ept", "it", "ph", "ut"]);
const TITLE_PROPERTY = "x-parallel-title";

export type ParsedTmx = { languages: string[]; rows: TransferRow[]; title?: string };

/**
 * Reads a TMX (1.4b, and the 1.x versions it extends): one row per <tu>, one
 * cell per <tuv> keyed by its language; the header's srclang comes first.
 */
export async function parseTmx(text: string): Promise<ParsedTmx> {
  const root = await parseXml(text, { names: ["tu"], unit: "translation units (<tu>)" });
  if (root.name !== "tmx") throw badImport(`This is not a TMX file: the root element is <${root.name}>, not <tmx>`);
  const header = childElements(root, "header")[0];
  const body = childElements(root, "body")[0];
  if (!body) throw badImport(`The TMX file has no <body> (${where(root)})`);
  const units = childElements(body, "tu");
  if (units.length === 0) throw badImport("The TMX file has no translation units (<tu> elements in <body>)");
  checkImportRowCount(units.length, "translation units (<tu>)");

  const declaredSource = header?.attributes.srclang;
  const languages = new Set<string>();
  if (declaredSource && declaredSource !== "*all*") {
    languages.add(normalizeLanguageTag(declaredSource, `srclang of ${where(header!)}`));
  }
  const rows = units.map((unit) => {
    const cells: TransferRow["cells"] = {};
    for (const variant of childElements(unit, "tuv")) {
      const tag = variant.attributes["xml:lang"] ?? variant.attributes.lang;
      if (!tag) throw badImport(`${where(variant)} has no xml:lang attribute, so its language is unknown`);
      const language = normalizeLanguageTag(tag, `xml:lang of ${where(variant)}`);
      if (cells[language]) throw badImport(`${where(unit)} has two variants in "${language}"; the second is ${where(variant)}`);
      const segment = childElements(variant, "seg")[0];
      if (!segment) throw badImport(`${where(variant)} has no <seg>`);
      const text = inlineText(segment, NATIVE_CODES);
      checkCellLength(text, `The text of ${where(segment)}`, { line: segment.line, column: segment.column });
      const carried = childElements(variant, "prop").find((property) => property.attributes.type === REVISION_CARRIER);
      const revisionId = carried ? readRevisionId(inlineText(carried, NATIVE_CODES)) : null;
      cells[language] = { text, ...(revisionId !== null ? { revisionId } : {}) };
      languages.add(language);
    }
    return { cells };
  });
  checkLanguageCount(languages.size, "The TMX file names");
  if (languages.size === 0) throw badImport("The TMX file names no language: its <tu> elements have no <tuv xml:lang>");
  const title = childElements(header ?? root, "prop").find((property) => property.attributes.type === TITLE_PROPERTY);
  return { languages: [...languages], rows, ...(title ? { title: inlineText(title, NATIVE_CODES) } : {}) };
}

/**
 * Writes TMX 1.4b: one <tu> per row with a <tuv> for each language that has
 * text. A row with no text at all keeps its place with an empty <tuv> in the
 * original language, since the DTD requires at least one <tuv> per <tu>.
 * A <tuv> whose revision the document names carries it in a
 * <prop type="x-parallel-revision">, so an update from the file can merge
 * with edits made in the app since.
 */
export function exportTmx(document: ExportDocument): string {
  const source = (document.languages.find((language) => language.isOriginal) ?? document.languages[0])?.code ?? "und";
  const units = document.rows.map((row, index) => {
    const variants = document.languages
      .filter((language) => (row.cells[language.code]?.text ?? "") !== "")
      .map((language) => variant(language.code, row.cells[language.code]!));
    return [`    <tu tuid="${index + 1}">`, ...(variants.length ? variants : [variant(source, { text: "" })]), "    </tu>"].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
    '<tmx version="1.4">',
    `  <header creationtool="Parallel" creationtoolversion="${EXPORTER_VERSION}" datatype="plaintext" segtype="paragraph" adminlang="en" srclang="${escapeXmlAttribute(source)}" o-tmf="Parallel">`,
    `    <prop type="${TITLE_PROPERTY}">${escapeXml(document.title)}</prop>`,
    "  </header>",
    "  <body>",
    ...units,
    "  </body>",
    "</tmx>",
    "",
  ].join("\n");
}

/** The version of this exporter's output, so a later reader can tell which writer made a file. */
const EXPORTER_VERSION = "1";

function variant(language: string, cell: TransferRow["cells"][string]): string {
  const revision = cell.revisionId ? `<prop type="${REVISION_CARRIER}">${cell.revisionId}</prop>` : "";
  return `      <tuv xml:lang="${escapeXmlAttribute(language)}">${revision}<seg>${escapeXml(cell.text)}</seg></tuv>`;
}
