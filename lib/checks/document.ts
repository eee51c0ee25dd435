/**
 * Checks that need the whole document: a length far from the document's
 * usual ratio for that language, and inconsistency (one original translated
 * two ways, or two originals given one translation). The rest come from
 * text.ts, cell by cell.
 */
import { terminologyChecks, type TermIndex } from "./terminology";
import { checkPair, checkText, type Check } from "./text";

/** A document's texts: one record per row, language code → text ("" or absent for an empty or missing cell). */
export interface CheckedDocument {
  originalLanguage: string;
  languages: string[];
  rows: Array<Record<string, string | undefined>>;
}

/** What the document-level checks learn from all the rows, computed once. */
export interface DocumentContext {
  /** Per translation language: the median of translation length / original length. */
  ratios: Map<string, number>;
  /** Per language: normalised original → the rows (0-based) and their normalised translations. */
  byOriginal: Map<string, Map<string, Array<{ row: number; translation: string }>>>;
  /** Per language: normalised translation → the rows and their normalised originals. */
  byTranslation: Map<string, Map<string, Array<{ row: number; original: string }>>>;
  /** Per language, the original's included: a speaker's surname → the rows whose label names them, and how. */
  speakers: Map<string, Map<string, SpeakerLabel[]>>;
  /** The glossaries that apply (the document's and the shared one), for the terminology check; none, no such check. */
  terms?: TermIndex;
}

interface SpeakerLabel {
  row: number;
  label: string;
  /** How the name is written: "Владимир Путин" is full, "В.Путин" or "В. Путин" initials, "Путин" the surname alone. */
  form: "full" | "initials" | "surname";
}

/** A label before a colon that opens a paragraph: one to six capitalised words ("Президент России В.Путин:"). */
const LABEL = /^((?:\p{Lu}[\p{L}.’'-]*|of|de|von|van)(?:[ \u00A0](?:\p{Lu}[\p{L}.’'-]*|of|de|von|van)){0,5}):\s/u;

/** The speaker a paragraph's label names, by surname, with the form of the name; none when the paragraph has no label. */
function speakerLabel(text: string, row: number): { surname: string; label: SpeakerLabel } | undefined {
  const label = LABEL.exec(text.trimStart())?.[1];
  if (!label) return undefined;
  const words = label.split(/[ \u00A0]/);
  const last = words.at(-1)!;
  const surname = last.replace(/^(?:\p{Lu}\.)+/u, "");
  if (surname.length < 2 || /\./.test(surname)) return undefined;
  const before = words.at(-2);
  const form =
    surname !== last || (before && /^(?:\p{Lu}\.)+$/u.test(before))
      ? "initials"
      : before && /^\p{Lu}\p{Ll}+$/u.test(before)
        ? "full"
        : "surname";
  return { surname, label: { row, label, form } };
}

/** Rows whose original is shorter than this say too little for a length ratio to mean anything. */
const MIN_LENGTH = 40;
/** How far from the usual ratio a translation may be, either way, before it is flagged. */
const LENGTH_FACTOR = 2.2;

/** Whitespace runs as one space; most texts have none to collapse, and a test is much cheaper than a replace over every space. */
const normalise = (text: string) => {
  const trimmed = text.trim();
  return /\s{2}|[^\S ]/.test(trimmed) ? trimmed.replace(/\s+/g, " ") : trimmed;
};
const LETTER = /\p{L}/gu;
/** Texts worth comparing for consistency: a few words, not "* * *" or a lone figure (three letters at least, counted until the third). */
const comparable = (text: string) => {
  LETTER.lastIndex = 0;
  for (let letters = 0; LETTER.exec(text);) if (++letters >= 3) return true;
  return false;
};

/**
 * What the inconsistency check compares a text by (undefined: too short to
 * compare): two cells of one language with the same key are "the same text".
 * Stored per cell, it finds the rows a save can change the checks of.
 */
export function comparisonKey(text: string): string | undefined {
  const normalised = normalise(text);
  return normalised && comparable(normalised) ? normalised : undefined;
}

/** The surname a speaker's label at the start of the text names, if it has one: rows naming one speaker are checked together. */
export function speakerOf(text: string): string | undefined {
  return speakerLabel(text, 0)?.surname;
}

/** The speaker a label names and how ("Путин initials"): a save that keeps it changes no other row's label check. */
export function speakerLabelOf(text: string): string | undefined {
  const found = speakerLabel(text, 0);
  return found && `${found.surname} ${found.label.form}`;
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function documentContext({ originalLanguage, languages, rows }: CheckedDocument): DocumentContext {
  const context: DocumentContext = { ratios: new Map(), byOriginal: new Map(), byTranslation: new Map(), speakers: new Map() };
  for (const language of languages) {
    const speakers = new Map<string, SpeakerLabel[]>();
    rows.forEach((texts, row) => {
      const found = speakerLabel(texts[language] ?? "", row);
      if (found) push(speakers, found.surname, found.label);
    });
    context.speakers.set(language, speakers);
    if (language === originalLanguage) continue;
    const ratios: number[] = [];
    const byOriginal = new Map<string, Array<{ row: number; translation: string }>>();
    const byTranslation = new Map<string, Array<{ row: number; original: string }>>();
    rows.forEach((texts, row) => {
      const original = normalise(texts[originalLanguage] ?? "");
      const translation = normalise(texts[language] ?? "");
      if (!original || !translation) return;
      if (original.length >= MIN_LENGTH) ratios.push(translation.length / original.length);
      if (comparable(original) && comparable(translation)) {
        push(byOriginal, original, { row, translation });
        push(byTranslation, translation, { row, original });
      }
    });
    const usual = median(ratios);
    if (usual) context.ratios.set(language, usual);
    context.byOriginal.set(language, byOriginal);
    context.byTranslation.set(language, byTranslation);
  }
  return context;
}

const rowNumbers = (rows: number[]) => rows.map((row) => row + 1).join(", ");

function contextChecks(context: DocumentContext, row: number, original: string, translation: string, language: string): Check[] {
  const checks: Check[] = [];
  const [was, is] = [normalise(original), normalise(translation)];
  const usual = context.ratios.get(language);
  if (usual && was.length >= MIN_LENGTH) {
    const ratio = is.length / was.length / usual;
    if (ratio > LENGTH_FACTOR || ratio < 1 / LENGTH_FACTOR) {
      checks.push({
        kind: "length",
        severity: "warning",
        message: ratio > 1 ? "lengthLong" : "lengthShort",
        params: { percent: Math.round((is.length / was.length) * 100), usual: Math.round(usual * 100) },
      });
    }
  }
  const others = context.byOriginal
    .get(language)
    ?.get(was)
    ?.filter((other) => other.translation !== is);
  if (others?.length) {
    checks.push({
      kind: "inconsistent",
      severity: "warning",
      message: "translatedDifferently",
      params: { rows: rowNumbers(others.map((other) => other.row)) },
      rows: others.map((other) => other.row),
    });
  }
  const shared = context.byTranslation
    .get(language)
    ?.get(is)
    ?.filter((other) => other.original !== was);
  if (shared?.length) {
    checks.push({
      kind: "inconsistent",
      severity: "info",
      message: "sameTranslation",
      params: { rows: rowNumbers(shared.map((other) => other.row)) },
      rows: shared.map((other) => other.row),
    });
  }
  return checks;
}

/** A speaker's label written otherwise than elsewhere in the same language ("В.Путин" against "Владимир Путин"). */
function labelChecks(context: DocumentContext, row: number, text: string, language: string): Check[] {
  const found = speakerLabel(text, row);
  if (!found) return [];
  const other = context.speakers
    .get(language)
    ?.get(found.surname)
    ?.find((label) => label.form !== found.label.form);
  if (!other) return [];
  return [
    {
      kind: "inconsistent",
      severity: "info",
      message: "speakerLabel",
      params: { label: found.label.label, other: other.label, rows: rowNumbers([other.row]) },
      rows: [other.row],
    },
  ];
}

/** One cell's failing checks: the original's own text checks, or a translation's against its original and the document. */
export function checkCell(document: CheckedDocument, context: DocumentContext, row: number, language: string): Check[] {
  const texts = document.rows[row]!;
  const text = texts[language] ?? "";
  if (language === document.originalLanguage)
    return text
      ? [
          ...checkText(text, language),
          ...labelChecks(context, row, text, language),
          ...terminologyChecks({ text, language }, context.terms),
        ]
      : [];
  const original = texts[document.originalLanguage] ?? "";
  const pair = checkPair({ original, originalLanguage: document.originalLanguage, translation: text, language });
  if (!text.trim() || !original.trim()) return pair;
  return [
    ...pair,
    ...checkText(text, language),
    ...contextChecks(context, row, original, text, language),
    ...labelChecks(context, row, text, language),
    ...terminologyChecks({ text, language, original: { text: original, language: document.originalLanguage } }, context.terms),
  ];
}

export interface CellChecks {
  /** 0-based index of the row in the document's rows. */
  row: number;
  language: string;
  checks: Check[];
}

/** Every failing check of a document, cell by cell, in row order then the languages' order. */
export function checkDocument(document: CheckedDocument, context = documentContext(document)): CellChecks[] {
  const found: CellChecks[] = [];
  document.rows.forEach((_, row) => {
    for (const language of document.languages) {
      const checks = checkCell(document, context, row, language);
      if (checks.length) found.push({ row, language, checks });
    }
  });
  return found;
}
