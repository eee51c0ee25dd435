import type { GlossaryImportResult, StoredGlossaryTerm } from "@/lib/glossary";
import { apiError, requestJson } from "../workbench/api";

/** A term as the forms send it. */
export interface TermFields {
  translations: Record<string, string[]>;
  forbidden: Record<string, string[]>;
  note: string;
}

/** The API's base for a glossary: a document's (by slug) or the shared one. */
export const glossaryBase = (slug?: string) => (slug === undefined ? "/api/glossary" : `/api/documents/${slug}/glossary`);

export function addTerm(slug: string | undefined, term: TermFields): Promise<{ term: StoredGlossaryTerm }> {
  return requestJson(glossaryBase(slug), { method: "POST", body: term });
}

export function changeTerm(slug: string | undefined, id: number, term: TermFields): Promise<{ term: StoredGlossaryTerm }> {
  return requestJson(`${glossaryBase(slug)}/${id}`, { method: "PATCH", body: term });
}

export function removeTerm(slug: string | undefined, id: number): Promise<unknown> {
  return requestJson(`${glossaryBase(slug)}/${id}`, { method: "DELETE" });
}

/** Uploads a CSV or TBX file (multipart), read whole before anything is stored. */
export async function importTerms(slug: string | undefined, form: FormData): Promise<{ result: GlossaryImportResult }> {
  const response = await fetch(`${glossaryBase(slug)}/import`, { method: "POST", body: form });
  if (!response.ok) throw await apiError(response);
  return (await response.json()) as { result: GlossaryImportResult };
}
