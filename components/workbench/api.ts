import type { CellConflictDetails, CellState, RevisionSummary } from "@/lib/cells/save-cell";
import type { LanguageVersion } from "@/lib/documents/queries";
import type { RowsPage } from "@/lib/documents/rows";
import type { CellHistory } from "@/lib/revisions";
import type { SourceChange } from "@/lib/revisions/stale";
import type { AlignmentChangeEntry } from "@/lib/segments/list-alignment-changes";

/** An error answer of the API, with the server's message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: init?.body ? { "content-type": "application/json" } : undefined,
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error ?? { code: "http_error", message: `${response.status} ${response.statusText}` };
    throw new ApiError(response.status, error.code, error.message, error.details);
  }
  return body as T;
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });

export interface RowsRequest {
  languages: string[];
  offset: number;
  limit: number;
  filter: string;
  since?: string;
  q?: string;
  mode?: string;
}

export function fetchRows(slug: string, request: RowsRequest): Promise<RowsPage> {
  const params = new URLSearchParams({
    langs: request.languages.join(","),
    offset: String(request.offset),
    limit: String(request.limit),
    filter: request.filter,
  });
  if (request.since) params.set("since", request.since);
  if (request.q) params.set("q", request.q);
  if (request.mode) params.set("mode", request.mode);
  return call(`/api/documents/${slug}/rows?${params}`);
}

export function fetchDocument(slug: string): Promise<{ languages: LanguageVersion[]; rowCount: number }> {
  return call(`/api/documents/${slug}`);
}

export type SaveResult = { cell: CellState; revision: RevisionSummary | null };
export type { CellConflictDetails };

export function saveCellText(
  cellId: number,
  body: { text: string; baseRevisionId: number | null; status?: string; kind?: "edit" | "conflict_resolution" },
): Promise<SaveResult> {
  return call(`/api/cells/${cellId}`, json("PUT", body));
}

export function markEditing(cellId: number, editing: boolean): Promise<unknown> {
  return call(`/api/cells/${cellId}/presence`, { method: editing ? "PUT" : "DELETE" });
}

export function fetchPresence(slug: string): Promise<{ presence: { cellId: number; user: { handle: string; name: string } }[] }> {
  return call(`/api/documents/${slug}/presence`);
}

export function runOperation(slug: string, operation: Record<string, unknown>): Promise<unknown> {
  return call(`/api/documents/${slug}/operations`, json("POST", operation));
}

export function addLanguage(slug: string, body: { code: string; label: string; provenance: string }): Promise<unknown> {
  return call(`/api/documents/${slug}/languages`, json("POST", body));
}

export function updateLanguage(slug: string, code: string, body: { label?: string; provenance?: string }): Promise<unknown> {
  return call(`/api/documents/${slug}/languages/${code}`, json("PATCH", body));
}

export function fetchChanges(slug: string): Promise<{ changes: AlignmentChangeEntry[] }> {
  return call(`/api/documents/${slug}/changes?limit=100`);
}

export function fetchCellHistory(cellId: number): Promise<CellHistory> {
  return call(`/api/cells/${cellId}/history`);
}

/** A new revision with the text of `toRevisionId`; 409 (ApiError with CellConflictDetails) when the head is no longer `baseRevisionId`. */
export function revertCell(cellId: number, body: { toRevisionId: number; baseRevisionId: number | null }): Promise<SaveResult> {
  return call(`/api/cells/${cellId}/revert`, json("POST", body));
}

export function fetchSourceChange(cellId: number): Promise<SourceChange> {
  return call(`/api/cells/${cellId}/source-change`);
}

export function confirmStillValid(cellId: number): Promise<{ cell: CellState }> {
  return call(`/api/cells/${cellId}/still-valid`, { method: "POST" });
}
