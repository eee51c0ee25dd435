import type { CellStatus } from "../db/generated/enums";
import { AppError } from "../errors";
import { checkCellLength, checkImportRowCount } from "../limits";
import { badImport, unknownExportLanguage } from "./errors";
import { normalizeLanguageTag } from "./language-tag";
import { type ExportDocument, readRevisionId, REVISION_CARRIER, type TransferRow, type XliffVersion } from "./types";
import { childElements, descendants, escapeXml, escapeXmlAttribute, inlineText, parseXml, where, type XmlElement } from "./xml";

export type ParsedXliff = { languages: string[]; rows: TransferRow[]; title?: string };

/** XLIFF 1.2 inline elements holding native codes; g, mrk and sub keep their text. */
const NATIVE_CODES_1 = new Set(["x", "bx", "ex", "ph", "bpt", "ept", "it"]);
/** XLIFF 2 inline elements that stand for codes; pc and mrk keep their text, cp becomes its character. */
const NATIVE_CODES_2 = new Set(["ph", "sc", "ec", "sm", "em"]);

// The state tables read from a file are Maps: a state named "constructor" or "toString" must find nothing.
const STATES_2 = new Map<string, CellStatus>([
  ["initial", "draft"],
  ["translated", "translated"],
  ["reviewed", "reviewed"],
  ["final", "approved"],
]);
const STATES_OF_STATUS: Record<CellStatus, string> = {
  draft: "initial",
  translated: "translated",
  reviewed: "reviewed",
  approved: "final",
};
const STATES_1 = new Map<string, CellStatus>([
  ["new", "draft"],
  ["needs-translation", "draft"],
  ["needs-adaptation", "draft"],
  ["needs-l10n", "draft"],
  ["translated", "translated"],
  ["needs-review-translation", "reviewed"],
  ["needs-review-adaptation", "reviewed"],
  ["needs-review-l10n", "reviewed"],
  ["signed-off", "reviewed"],
  ["final", "approved"],
]);
const STATES_1_OF_STATUS: Record<CellStatus, string> = {
  draft: "needs-translation",
  translated: "translated",
  reviewed: "signed-off",
  approved: "final",
};
const STATUS_ORDER: CellStatus[] = ["draft", "translated", "reviewed", "approved"];
const TITLE_CATEGORY = "x-parallel-title";

/** Reads XLIFF 1.2 (<trans-unit>) or 2.x (<unit>/<segment>): one row per unit, source and target language. */
export async function parseXliff(text: string): Promise<ParsedXliff> {
  // <trans-unit> in XLIFF 1.2, <unit> in 2.x: neither version has the other.
  const root = await parseXml(text, { names: ["trans-unit", "unit"], unit: "translation units" });
  if (root.name !== "xliff") throw badImport(`This is not an XLIFF file: the root element is <${root.name}>, not <xliff>`);
  const version = root.attributes.version ?? "";
  if (version.startsWith("1.")) return parseXliff1(root);
  if (version.startsWith("2.")) return parseXliff2(root);
  throw badImport(`The XLIFF version "${version}" (${where(root)}) is not supported; XLIFF 1.2 and 2.x are`);
}

function parseXliff1(root: XmlElement): ParsedXliff {
  const files = childElements(root, "file");
  if (files.length === 0) throw badImport(`The XLIFF file has no <file> (${where(root)})`);
  let source: string | undefined;
  let target: string | undefined;
  const rows: TransferRow[] = [];
  for (const file of files) {
    const fileSource = requiredLanguage(file, "source-language");
    const fileTarget = file.attributes["target-language"]
      ? normalizeLanguageTag(file.attributes["target-language"], `target-language of ${where(file)}`)
      : undefined;
    source ??= fileSource;
    target ??= fileTarget;
    if (fileSource !== source || (fileTarget && fileTarget !== target)) {
      throw badImport(
        `${where(file)} translates ${fileSource} → ${fileTarget ?? "?"}, unlike the first <file> (${source} → ${target ?? "?"}); import one language pair at a time`,
      );
    }
    for (const unit of descendants(file, "trans-unit")) {
      const sourceElement = childElements(unit, "source")[0];
      if (!sourceElement) throw badImport(`${where(unit)} has no <source>`);
      const revisions = revisionsInNotes(childElements(unit, "note"));
      const cells: TransferRow["cells"] = { [source]: { text: textWithin(sourceElement), ...revisions.of(source) } };
      const targetElement = childElements(unit, "target")[0];
      if (targetElement) {
        if (!target) throw badImport(`${where(targetElement)} has a translation but the <file> names no target-language`);
        const state = targetElement.attributes.state;
        const status = state ? STATES_1.get(state) : unit.attributes.approved === "yes" ? "approved" : undefined;
        if (state && !status) throw badImport(`${where(targetElement)} has the unknown state "${state}"`);
        cells[target] = { text: textWithin(targetElement), ...(status ? { status } : {}), ...revisions.of(target) };
      }
      rows.push({ cells });
    }
  }
  checkImportRowCount(rows.length, "translation units (<trans-unit>)");
  if (rows.length === 0) throw badImport("The XLIFF file has no translation units (<trans-unit> elements)");
  return { languages: target ? [source!, target] : [source!], rows, ...titleOf(files[0]!) };
}

/** The text of an XLIFF 1.2 <source> or <target>, within the limit on a cell's length. */
function textWithin(element: XmlElement): string {
  const text = inlineText(element, NATIVE_CODES_1);
  checkCellLength(text, `The text of ${where(element)}`, { line: element.line, column: element.column });
  return text;
}

function parseXliff2(root: XmlElement): ParsedXliff {
  const source = requiredLanguage(root, "srcLang");
  const target = root.attributes.trgLang ? normalizeLanguageTag(root.attributes.trgLang, `trgLang of ${where(root)}`) : undefined;
  const files = childElements(root, "file");
  if (files.length === 0) throw badImport(`The XLIFF file has no <file> (${where(root)})`);
  const rows = files.flatMap((file) =>
    descendants(file, "unit").map((unit) => {
      const parts = childElements(unit).filter((child) => child.name === "segment" || child.name === "ignorable");
      if (!parts.some((part) => part.name === "segment")) throw badImport(`${where(unit)} has no <segment>`);
      let sourceText = "";
      let targetText = "";
      let hasTarget = false;
      const statuses: CellStatus[] = [];
      for (const part of parts) {
        const sourceElement = childElements(part, "source")[0];
        if (!sourceElement) throw badImport(`${where(part)} has no <source>`);
        const partSource = inlineText(sourceElement, NATIVE_CODES_2);
        sourceText += partSource;
        const targetElement = childElements(part, "target")[0];
        if (targetElement) {
          if (!target) throw badImport(`${where(targetElement)} has a translation but <xliff> has no trgLang`);
          hasTarget = true;
          targetText += inlineText(targetElement, NATIVE_CODES_2);
        } else if (part.name === "ignorable") {
          targetText += partSource;
        }
        const state = part.attributes.state;
        if (part.name === "segment" && state) {
          const status = STATES_2.get(state);
          if (!status)
            throw badImport(`${where(part)} has the unknown state "${state}"; XLIFF 2 states are initial, translated, reviewed and final`);
          statuses.push(status);
        }
      }
      const position = { line: unit.line, column: unit.column };
      checkCellLength(sourceText, `The source text of ${where(unit)}`, position);
      const revisions = revisionsInNotes(childElements(unit, "notes").flatMap((notes) => childElements(notes, "note")));
      const cells: TransferRow["cells"] = { [source]: { text: sourceText, ...revisions.of(source) } };
      if (hasTarget && target) {
        checkCellLength(targetText, `The target text of ${where(unit)}`, position);
        cells[target] = { text: targetText, ...leastAdvanced(statuses), ...revisions.of(target) };
      }
      return { cells };
    }),
  );
  if (rows.length === 0) throw badImport("The XLIFF file has no translation units (<unit> elements)");
  checkImportRowCount(rows.length, "translation units (<unit>)");
  return { languages: target ? [source, target] : [source], rows, ...titleOf(files[0]!) };
}

function requiredLanguage(element: XmlElement, attribute: string): string {
  const value = element.attributes[attribute];
  if (!value) throw badImport(`${where(element)} has no ${attribute} attribute, so the source language is unknown`);
  return normalizeLanguageTag(value, `${attribute} of ${where(element)}`);
}

/** A unit split into several segments is as far along as its least advanced segment. */
function leastAdvanced(statuses: CellStatus[]): { status?: CellStatus } {
  if (statuses.length === 0) return {};
  return { status: STATUS_ORDER[Math.min(...statuses.map((status) => STATUS_ORDER.indexOf(status)))]! };
}

/**
 * The revisions a unit's notes name, one line `x-parallel-revision LANG ID`
 * each (tools that merge notes join them with line breaks). A line naming no
 * valid language or id is left out: that text is read without a base.
 */
function revisionsInNotes(notes: XmlElement[]) {
  const found = new Map<string, number>();
  for (const note of notes) {
    for (const line of inlineText(note, NATIVE_CODES_2).split(/\r\n|\r|\n/)) {
      const [carrier, language, id] = line.trim().split(/\s+/);
      if (carrier !== REVISION_CARRIER || !language || !id) continue;
      const revisionId = readRevisionId(id);
      const code = canonicalTag(language);
      if (revisionId !== null && code) found.set(code, revisionId);
    }
  }
  return { of: (language: string) => (found.has(language) ? { revisionId: found.get(language)! } : {}) };
}

function canonicalTag(tag: string): string | null {
  try {
    return normalizeLanguageTag(tag, "a revision note");
  } catch {
    return null;
  }
}

/** The line of a note that names the revision a cell's text is, when the export knows it. */
function revisionLine(language: string, cell: TransferRow["cells"][string] | undefined): string | null {
  return cell?.revisionId ? `${REVISION_CARRIER} ${language} ${cell.revisionId}` : null;
}

function titleOf(file: XmlElement): { title?: string } {
  const note = descendants(file, "note").find(
    (candidate) => candidate.attributes.category === TITLE_CATEGORY || candidate.attributes.from === TITLE_CATEGORY,
  );
  return note ? { title: inlineText(note, NATIVE_CODES_2) } : {};
}

/**
 * Writes XLIFF for one language pair, 2.0 unless 1.2 is asked for (the
 * version Translate Toolkit, OmegaT and older CAT tools read): one unit per
 * row, its state taken from the target cell's status; a target is written
 * only when it has text (a segment without one stays "initial"). Each cell
 * whose revision the document names gets a note `x-parallel-revision LANG ID`
 * (1.2: a developer note, which tools carry even through PO), so an update
 * from the file can merge with edits made in the app since.
 */
export function exportXliff(document: ExportDocument, languages: { source: string; target: string; version?: XliffVersion }): string {
  for (const code of [languages.source, languages.target]) {
    if (!document.languages.some((language) => language.code === code)) throw unknownExportLanguage(code, document);
  }
  if (languages.source === languages.target) {
    throw new AppError("invalid_input", `The source and target language of an XLIFF export must differ (both are "${languages.source}")`, {
      status: 400,
    });
  }
  return languages.version === "1.2" ? writeXliff1(document, languages) : writeXliff2(document, languages);
}

function writeXliff2(document: ExportDocument, languages: { source: string; target: string }): string {
  const units = document.rows.map((row, index) => {
    const source = row.cells[languages.source];
    const target = row.cells[languages.target];
    const targetText = target?.text ?? "";
    const state = targetText !== "" && target?.status ? ` state="${STATES_OF_STATUS[target.status]}"` : "";
    const notes = [revisionLine(languages.source, source), targetText !== "" ? revisionLine(languages.target, target) : null]
      .filter((line) => line !== null)
      .map((line) => `<note category="${REVISION_CARRIER}">${escapeXml(line)}</note>`);
    return [
      `    <unit id="u${index + 1}">`,
      ...(notes.length ? [`      <notes>${notes.join("")}</notes>`] : []),
      `      <segment${state}>`,
      `        <source xml:space="preserve">${escapeXml(source?.text ?? "")}</source>`,
      ...(targetText !== "" ? [`        <target xml:space="preserve">${escapeXml(targetText)}</target>`] : []),
      "      </segment>",
      "    </unit>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="${escapeXmlAttribute(languages.source)}" trgLang="${escapeXmlAttribute(languages.target)}">`,
    `  <file id="f1" original="${escapeXmlAttribute(document.slug)}">`,
    `    <notes><note category="${TITLE_CATEGORY}">${escapeXml(document.title)}</note></notes>`,
    ...units,
    "  </file>",
    "</xliff>",
    "",
  ].join("\n");
}

function writeXliff1(document: ExportDocument, languages: { source: string; target: string }): string {
  const units = document.rows.map((row, index) => {
    const source = row.cells[languages.source];
    const target = row.cells[languages.target];
    const targetText = target?.text ?? "";
    const state = target?.status ? ` state="${STATES_1_OF_STATUS[target.status]}"` : "";
    const notes = [
      [revisionLine(languages.source, source), "source"],
      [targetText !== "" ? revisionLine(languages.target, target) : null, "target"],
    ].flatMap(([line, annotates]) => (line ? [`        <note from="developer" annotates="${annotates}">${escapeXml(line)}</note>`] : []));
    return [
      `      <trans-unit id="u${index + 1}">`,
      `        <source xml:space="preserve">${escapeXml(source?.text ?? "")}</source>`,
      ...(targetText !== "" ? [`        <target xml:space="preserve"${state}>${escapeXml(targetText)}</target>`] : []),
      ...notes,
      "      </trans-unit>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">',
    `  <file original="${escapeXmlAttribute(document.slug)}" source-language="${escapeXmlAttribute(languages.source)}" target-language="${escapeXmlAttribute(languages.target)}" datatype="plaintext">`,
    `    <header><note from="${TITLE_CATEGORY}">${escapeXml(document.title)}</note></header>`,
    "    <body>",
    ...units,
    "    </body>",
    "  </file>",
    "</xliff>",
    "",
  ].join("\n");
}
