"use client";

import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { findTerms, wordingsFor, type GlossaryTerm } from "@/lib/checks";
import { useGlossary } from "./GlossaryContext";

/**
 * An original's text with its glossary terms marked: the agreed
 * translations into the document's other languages (and the note) show on
 * hover, and are read out after the term to screen readers.
 */
export function TermsInText({ text, lang }: { text: string; lang: string }) {
  const { t } = useTranslation();
  const glossary = useGlossary();
  if (!glossary) return <>{text}</>;
  const matches = findTerms(text, lang, glossary.index);
  if (!matches.length) return <>{text}</>;
  const describe = (term: GlossaryTerm) =>
    [
      ...glossary.languages
        .filter((language) => language.code !== lang)
        .flatMap((language) => {
          const wordings = wordingsFor(term.translations, language.code);
          return wordings.length ? [`${language.label}: ${wordings.join(" / ")}`] : [];
        }),
      ...(term.note ? [term.note] : []),
    ].join("; ");
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of matches) {
    if (match.start > at) parts.push(text.slice(at, match.start));
    const description = describe(match.term);
    parts.push(
      <mark key={match.start} className="glossary-term" data-term={match.term.id} title={description}>
        {text.slice(match.start, match.end)}
        {description && <span className="visually-hidden"> ({t("glossary.termIn", { translations: description })})</span>}
      </mark>,
    );
    at = match.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}
