import type { BulkRevertPreview, BulkRevertResult } from "@/lib/revisions/bulk-revert";
import type { ReviewOutcome } from "@/lib/revisions/review";
import type { ChangeToMyWork } from "@/lib/revisions/review-changes";
import type { SnapshotSummary } from "@/lib/revisions/snapshots";
import { ApiError, requestJson } from "../workbench/api";

export { ApiError };

/** Writes here are POSTs of JSON. */
const post = <T>(url: string, body: unknown) => requestJson<T>(url, { method: "POST", body });

export interface Decision {
  cellId: number;
  revisionId: number | null;
  verdict: "approve" | "reject";
  note?: string;
}

/** `confirmFailingChecks`: approve even cells failing an error-level check (else the server answers 409 checks_failing). */
export function decide(slug: string, decisions: Decision[], confirmFailingChecks = false): Promise<{ outcomes: ReviewOutcome[] }> {
  return post(`/api/documents/${slug}/review`, { decisions, ...(confirmFailingChecks ? { confirmFailingChecks } : {}) });
}

export function fetchTrackedChanges(slug: string): Promise<{ changes: ChangeToMyWork[] }> {
  return requestJson(`/api/documents/${slug}/tracked-changes?limit=200`);
}

export function fetchSnapshots(slug: string): Promise<{ snapshots: SnapshotSummary[] }> {
  return requestJson(`/api/documents/${slug}/snapshots`);
}

export function createSnapshot(slug: string, name: string): Promise<SnapshotSummary> {
  return post(`/api/documents/${slug}/snapshots`, { name });
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
  return post(`/api/documents/${slug}/bulk-revert`, { ...filter, ...options });
}
