import type { BulkRevertPreview, BulkRevertResult } from "@/lib/revisions/bulk-revert";
import type { ReviewOutcome } from "@/lib/revisions/review";
import type { ChangeToMyWork } from "@/lib/revisions/review-changes";
import type { SnapshotSummary } from "@/lib/revisions/snapshots";
import { ApiError } from "../workbench/api";

export { ApiError };

/** JSON in and out; an error answer becomes an ApiError carrying the server's code, message and details. */
async function requestJson<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(
    url,
    body === undefined ? undefined : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    const error = answer?.error ?? { code: "http_error", message: `${response.status} ${response.statusText}` };
    throw new ApiError(response.status, error.code, error.message, error.details);
  }
  return answer as T;
}

export interface Decision {
  cellId: number;
  revisionId: number | null;
  verdict: "approve" | "reject";
  note?: string;
}

export function decide(slug: string, decisions: Decision[]): Promise<{ outcomes: ReviewOutcome[] }> {
  return requestJson(`/api/documents/${slug}/review`, { decisions });
}

export function fetchTrackedChanges(slug: string): Promise<{ changes: ChangeToMyWork[] }> {
  return requestJson(`/api/documents/${slug}/tracked-changes?limit=200`);
}

export function fetchSnapshots(slug: string): Promise<{ snapshots: SnapshotSummary[] }> {
  return requestJson(`/api/documents/${slug}/snapshots`);
}

export function createSnapshot(slug: string, name: string): Promise<SnapshotSummary> {
  return requestJson(`/api/documents/${slug}/snapshots`, { name });
}

export interface BulkRevertFilter {
  author?: string;
  from?: string;
  to?: string;
}

export function previewBulkRevert(slug: string, filter: BulkRevertFilter): Promise<BulkRevertPreview> {
  const params = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return requestJson(`/api/documents/${slug}/bulk-revert?${params}`);
}

export function applyBulkRevert(
  slug: string,
  filter: BulkRevertFilter,
  options: { expectedHeads: Record<number, number>; includeLaterEdits: boolean },
): Promise<BulkRevertResult> {
  return requestJson(`/api/documents/${slug}/bulk-revert`, { ...filter, ...options });
}
