/**
 * Glossaries as TBX (ISO 30042): written as TBX-Basic in the TBX 2008 core
 * structure (martif / termEntry / langSet / tig / term, the note on the
 * entry, forbidden variants marked `administrativeStatus`
 * deprecatedTerm-admn-sts), read from that structure with its variants
 * (ntig/termGrp, `normativeAuthorization` deprecated, TBX v3's
 * conceptEntry/langSec/termSec). Reading goes through lib/formats/xml.ts,
 * with its limits on depth and its slices.
 */
import { checkImportRowCount } from "../limits";
import { badImport } from "../formats/errors";
import { normalizeLanguageTag } from "../formats/language-tag";
import { childElements, descendants, escapeXml, escapeXmlAttribute, inlineText, parseXml, where, type XmlElement } from "../formats/xml";
import { languageRank, type ParsedGlossary } from "./file-types";
import type { TermWordings } from "./terms";

const ENTRY_NAMES = ["termEntry", "conceptEntry"];
const LANGUAGE_NAMES = new Set(["langSet", "langSec"]);
const TERM_GROUP_NAMES = new Set(["tig", "ntig", "termSec"]);
const NOTHING_DROPPED = new Set<string>();

/** The statuses that make a term a variant not to use (TBX-Basic's administrativeStatus, TBX's normativeAuthorization). */
const FORBIDDEN_STATUSES = new Set([
  "deprecatedterm-admn-sts",
  "supersededterm-admn-sts",
  "deprecated",
  "superseded",
  "rejected",
  "notrecommended",
]);

const textOf = (element: XmlElement) => inlineText(element, NOTHING_DROPPED).trim().replace(/\s+/g, " ");

/** Whether a term group marks its term as forbidden. */
function isForbidden(group: XmlElement): boolean {
  return descendants(group, "termNote").some((note) => {
    const type = note.attributes.type;
    return (type === "administrativeStatus" || type === "normativeAuthorization") && FORBIDDEN_STATUSES.has(textOf(note).toLowerCase());
  });
}

function readEntry(entry: XmlElement, rename: ReadonlyMap<string, string>): TermWordings {
  const term: TermWordings = { translations: {}, forbidden: {}, note: "" };
  const notes = [...childElements(entry, "note"), ...childElements(entry, "descrip")];
  for (const languageSet of childElements(entry).filter((child) => LANGUAGE_NAMES.has(child.name))) {
    const tag = languageSet.attributes["xml:lang"] ?? languageSet.attributes.lang;
    if (!tag)
      throw badImport(`${where(languageSet)} has no xml:lang attribute, so its language is unknown`, {
        line: languageSet.line,
        column: languageSet.column,
      });
    const parsed = normalizeLanguageTag(tag, `xml:lang of ${where(languageSet)}`);
    const language = rename.get(parsed) ?? parsed;
    notes.push(...childElements(languageSet, "note"), ...childElements(languageSet, "descrip"));
    for (const group of childElements(languageSet).filter((child) => TERM_GROUP_NAMES.has(child.name))) {
      const found = descendants(group, "term")[0];
      if (!found) throw badImport(`${where(group)} has no <term>`, { line: group.line, column: group.column });
      const text = textOf(found);
      if (text) ((isForbidden(group) ? term.forbidden : term.translations)[language] ??= []).push(text);
      notes.push(...descendants(group, "note"));
    }
  }
  // A note keeps its line breaks; a term is one line.
  term.note = [...new Set(notes.map((note) => inlineText(note, NOTHING_DROPPED).trim()).filter(Boolean))].join("\n");
  return term;
}

/**
 * Reads a TBX file's entries into terms. `rename` maps language tags of the
 * file to others (Translate Toolkit's csv2tbx writes its target language as
 * "xx").
 */
export async function parseTbx(text: string, rename: ReadonlyMap<string, string> = new Map()): Promise<ParsedGlossary> {
  const root = await parseXml(text, { names: ENTRY_NAMES, unit: "term entries (<termEntry>)" });
  if (root.name !== "martif" && root.name !== "tbx") {
    throw badImport(`This is not a TBX file: the root element is <${root.name}>, not <martif> (TBX 2008) or <tbx>`);
  }
  const body = descendants(root, "body")[0];
  if (!body) throw badImport(`The TBX file has no <body> (${where(root)})`);
  const entries = childElements(body).filter((child) => ENTRY_NAMES.includes(child.name));
  if (!entries.length) throw badImport("The TBX file has no term entries (<termEntry> elements in <body>)");
  checkImportRowCount(entries.length, "term entries (<termEntry>)");
  return {
    terms: entries.map((entry) => ({
      term: readEntry(entry, rename),
      where: where(entry),
      position: { line: entry.line, column: entry.column },
    })),
  };
}

/** Writes a glossary as TBX-Basic (TBX 2008 core structure); `title` goes into the header. */
export function writeTbx(terms: (TermWordings & { id: number })[], title: string, languageOrder: string[] = []): string {
  const first = languageOrder[0] ?? Object.keys(terms[0]?.translations ?? {})[0] ?? "en";
  const entries = terms.map((term) => {
    const languages = [...new Set([...Object.keys(term.translations), ...Object.keys(term.forbidden)])].sort(
      (a, b) => languageRank(languageOrder, a) - languageRank(languageOrder, b) || a.localeCompare(b),
    );
    return [
      `      <termEntry id="term-${term.id}">`,
      ...(term.note ? [`        <note>${escapeXml(term.note)}</note>`] : []),
      ...languages.flatMap((language) => [
        `        <langSet xml:lang="${escapeXmlAttribute(language)}">`,
        ...(term.translations[language] ?? []).map((text) => `          <tig><term>${escapeXml(text)}</term></tig>`),
        ...(term.forbidden[language] ?? []).map(
          (text) =>
            `          <tig><term>${escapeXml(text)}</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>`,
        ),
        "        </langSet>",
      ]),
      "      </termEntry>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<martif type="TBX-Basic" xml:lang="${escapeXmlAttribute(first)}">`,
    "  <martifHeader>",
    "    <fileDesc>",
    `      <sourceDesc><p>${escapeXml(title)}</p></sourceDesc>`,
    "    </fileDesc>",
    '    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>',
    "  </martifHeader>",
    "  <text>",
    "    <body>",
    ...entries,
    "    </body>",
    "  </text>",
    "</martif>",
    "",
  ].join("\n");
}
