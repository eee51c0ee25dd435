import type { CellConflictDetails, CellState, RevisionSummary } from "@/lib/cells/save-cell";
import type { LanguageVersion } from "@/lib/documents/queries";
import type { RowsPage } from "@/lib/documents/rows";
import type { CellHistory } from "@/lib/revisions";
import type { SourceChange } from "@/lib/revisions/stale";
import type { AlignmentChangeEntry } from "@/lib/segments/list-alignment-changes";
import type { NextChange } from "@/lib/segments/undo";
import { announceSignInRequired } from "../auth/sign-in-required";
import { reportReachable } from "./database-status";
import type { Dismissal } from "@/lib/documents/checks";

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

/** A failure that means "try again when the database is back": 503 database_unavailable, or no answer at all. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && (error.code === "database_unavailable" || error.code === "server_unreachable");
}

/**
 * The ApiError an error answer describes. A 401 also tells the page to
 * offer signing in (unless `announce` is false: a wrong password is a 401 too).
 */
export async function apiError(response: Response, announce = true): Promise<ApiError> {
  const body = await response.json().catch(() => null);
  const error = body?.error ?? { code: "http_error", message: `${response.status} ${response.statusText}` };
  if (response.status === 401 && announce) announceSignInRequired();
  return new ApiError(response.status, error.code, error.message, error.details);
}

export interface JsonRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON with its Content-Type: the API refuses a body of any other type (415). */
  body?: unknown;
  /** False where a 401 means wrong credentials rather than "sign in first" (signing in, changing the password). */
  announceSignIn?: boolean;
}

/** JSON in and out; an error answer becomes an ApiError carrying the server's code, message and details. */
export async function requestJson<T>(url: string, request: JsonRequest = {}): Promise<T> {
  const { method, body, announceSignIn = true } = request;
  const init = body === undefined ? { method } : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(url, init).catch((error: unknown) => {
    reportReachable(false);
    throw new ApiError(0, "server_unreachable", error instanceof Error ? error.message : String(error));
  });
  if (!response.ok) {
    const error = await apiError(response, announceSignIn);
    reportReachable(error.code !== "database_unavailable");
    throw error;
  }
  reportReachable(true);
  return (await response.json().catch(() => null)) as T;
}

export interface RowsRequest {
  languages: string[];
  offset: number;
  limit: number;
  filter: string;
  since?: string;
  q?: string;
  mode?: string;
  /** Compare with this language's column (the rows API's diffAgainst), for the differs filter, the order and the summary. */
  diffAgainst?: string;
  differsBy?: number;
  order?: string;
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
  if (request.diffAgainst) params.set("diffAgainst", request.diffAgainst);
  if (request.differsBy) params.set("differsBy", String(request.differsBy));
  if (request.order) params.set("order", request.order);
  return requestJson(`/api/documents/${slug}/rows?${params}`);
}

export function fetchDocument(slug: string): Promise<{ languages: LanguageVersion[]; rowCount: number }> {
  return requestJson(`/api/documents/${slug}`);
}

export type SaveResult = { cell: CellState; revision: RevisionSummary | null };
export type { CellConflictDetails, NextChange };

/**
 * Where the editor saw the cell, sent with every write to it: the row, and
 * for a translation the original's head revision in that row (undefined when
 * the original was not shown). The server refuses a write whose row is gone
 * (409 row_deleted) or whose cell moved (409 cell_moved).
 */
export interface CellPlace {
  segmentId: number;
  sourceRevisionId?: number | null;
}

/** The details of a 409 row_deleted or cell_moved. */
export interface MisplacedDetails {
  change: { id: number; kind: string; author: { handle: string; name: string }; createdAt: string } | null;
  rowNumber: number | null;
}

export function saveCellText(
  cellId: number,
  body: { text: string; baseRevisionId: number | null; status?: string; kind?: "edit" | "conflict_resolution" } & Partial<CellPlace>,
): Promise<SaveResult> {
  return requestJson(`/api/cells/${cellId}`, { method: "PUT", body });
}

/** Dismisses a failing check of a cell for its head revision, with a reason. */
export function dismissCheck(
  cellId: number,
  body: { kind: string; revisionId: number | null; reason: string },
): Promise<{ dismissal: Dismissal & { kind: string; revisionId: number | null } }> {
  return requestJson(`/api/cells/${cellId}/checks/dismissals`, { method: "POST", body });
}

export function markEditing(cellId: number, editing: boolean): Promise<unknown> {
  return requestJson(`/api/cells/${cellId}/presence`, { method: editing ? "PUT" : "DELETE" });
}

export function fetchPresence(slug: string): Promise<{ presence: { cellId: number; user: { handle: string; name: string } }[] }> {
  return requestJson(`/api/documents/${slug}/presence`);
}

export function runOperation(slug: string, operation: Record<string, unknown>): Promise<unknown> {
  return requestJson(`/api/documents/${slug}/operations`, { method: "POST", body: operation });
}

export function addLanguage(slug: string, body: { code: string; label: string; provenance: string; copyFrom?: string }): Promise<unknown> {
  return requestJson(`/api/documents/${slug}/languages`, { method: "POST", body });
}

/** Changes a language's name, provenance note or tag (`code`); answers with the language as it is now. */
export function updateLanguage(
  slug: string,
  code: string,
  body: { label?: string; provenance?: string; code?: string },
): Promise<{ code: string; label: string }> {
  return requestJson(`/api/documents/${slug}/languages/${encodeURIComponent(code)}`, { method: "PATCH", body });
}

/** Removes a language (a soft delete, undone from the change log). */
export function removeLanguage(slug: string, code: string): Promise<{ changeId: number; language: { code: string; label: string } }> {
  return requestJson(`/api/documents/${slug}/languages/${encodeURIComponent(code)}`, { method: "DELETE" });
}

export interface ChangesAnswer {
  changes: AlignmentChangeEntry[];
  /** What undo and redo would act on now: the buttons name it and send its id. */
  undo: NextChange | null;
  redo: NextChange | null;
}

export function fetchChanges(slug: string, limit = 100): Promise<ChangesAnswer> {
  return requestJson(`/api/documents/${slug}/changes?limit=${limit}`);
}

/** One page of a cell's history, newest first; `before` (the previous page's nextBefore) asks for older revisions. */
export function fetchCellHistory(cellId: number, before?: number): Promise<CellHistory> {
  return requestJson(`/api/cells/${cellId}/history${before === undefined ? "" : `?before=${before}`}`);
}

/** A new revision with the text of `toRevisionId`; 409 (ApiError with CellConflictDetails) when the head is no longer `baseRevisionId`. */
export function revertCell(
  cellId: number,
  body: { toRevisionId: number; baseRevisionId: number | null } & Partial<CellPlace>,
): Promise<SaveResult> {
  return requestJson(`/api/cells/${cellId}/revert`, { method: "POST", body });
}

export function fetchSourceChange(cellId: number): Promise<SourceChange> {
  return requestJson(`/api/cells/${cellId}/source-change`);
}

export function confirmStillValid(cellId: number, place?: CellPlace): Promise<{ cell: CellState }> {
  return requestJson(`/api/cells/${cellId}/still-valid`, { method: "POST", body: place ?? {} });
}
