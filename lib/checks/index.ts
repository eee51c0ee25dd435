/** Quality checks of translations: the engine (text.ts, document.ts) and their messages in each interface language. */
import { getTranslator, type Locale } from "../i18n";
import { checkCell } from "./document";
import type { TermIndex } from "./terminology";
import { checkText, type Check } from "./text";

export { CHECK_KINDS, SEVERITIES, checkPair, checkText, type Check, type CheckKind, type Severity } from "./text";
export {
  checkCell,
  checkDocument,
  comparisonKey,
  documentContext,
  speakerLabelOf,
  speakerOf,
  type CellChecks,
  type CheckedDocument,
  type DocumentContext,
} from "./document";
export { findTerms, TermIndex, terminologyChecks, wordingsFor, type GlossaryTerm, type TermMatch } from "./terminology";

/** A check's message in one interface language. */
export function describeCheck(check: Check, locale: Locale): string {
  return getTranslator(locale)(`checks.messages.${check.message}`, check.params);
}

/** A check as the API and the workbench carry it: its message in English and Russian. */
export function presentCheck(check: Check) {
  return { kind: check.kind, severity: check.severity, message: { en: describeCheck(check, "en"), ru: describeCheck(check, "ru") } };
}

/**
 * A cell's checks from its row alone (against the original when the row has
 * it, plus its own text), as the workbench recomputes them after a save; the
 * checks that need the whole document (length, inconsistency) come with the
 * next load of the rows.
 */
export function rowLocalChecks(texts: Record<string, string | undefined>, originalLanguage: string, language: string, terms?: TermIndex) {
  const document = { originalLanguage, languages: Object.keys(texts), rows: [texts] };
  const context = { ratios: new Map(), byOriginal: new Map(), byTranslation: new Map(), speakers: new Map(), terms };
  // Without its original (a column hidden), a translation is checked on its own text only.
  if (language !== originalLanguage && texts[originalLanguage] === undefined)
    return checkText(texts[language] ?? "", language).map(presentCheck);
  return checkCell(document, context, 0, language).map(presentCheck);
}
