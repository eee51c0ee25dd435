"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { TermIndex, type GlossaryTerm } from "@/lib/checks";

/** The glossary terms a document's workbench shows and checks with, and where new ones go. */
export interface WorkbenchGlossary {
  slug: string;
  /** The document's languages, the original first: a new term's fields. */
  languages: { code: string; label: string; isOriginal: boolean }[];
  terms: GlossaryTerm[];
  index: TermIndex;
  /** Whether this person may add terms to the document's glossary. */
  canAdd: boolean;
  /** A term just added: highlighted and checked with at once. */
  added: (term: GlossaryTerm) => void;
}

const GlossaryContext = createContext<WorkbenchGlossary | null>(null);

/** The glossary of the document shown (its own terms and the shared ones), for the workbench below it. */
export function GlossaryProvider({
  slug,
  languages,
  terms: initialTerms,
  canAdd,
  children,
}: {
  slug: string;
  languages: WorkbenchGlossary["languages"];
  terms: GlossaryTerm[];
  canAdd: boolean;
  children: ReactNode;
}) {
  const [terms, setTerms] = useState(initialTerms);
  const added = useCallback((term: GlossaryTerm) => setTerms((current) => [...current, term]), []);
  const value = useMemo(
    () => ({ slug, languages, terms, index: new TermIndex(terms), canAdd, added }),
    [slug, languages, terms, canAdd, added],
  );
  return <GlossaryContext.Provider value={value}>{children}</GlossaryContext.Provider>;
}

/** The workbench's glossary; null outside a GlossaryProvider. */
export function useGlossary(): WorkbenchGlossary | null {
  return useContext(GlossaryContext);
}
