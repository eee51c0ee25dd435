import { parseArgs } from "node:util";
import type { Db } from "../db/client";
import type { DiffOp } from "../diff";
import { getDocument } from "../documents/queries";
import { AppError } from "../errors";
import { createSnapshot, diffDocument, diffRevisions, listCellHistory, listSnapshots, type Point } from "../revisions";
import { MAX_HISTORY_PAGE_SIZE } from "../revisions/history";
import { ensureSystemUser } from "../users";

type Print = (line: string) => void;

/** A diff for a terminal, as `git diff --word-diff` writes it: [-deleted-]{+inserted+}. */
export function wordDiffLine(ops: DiffOp[]): string {
  return ops.map((op) => (op.op === "equal" ? op.text : op.op === "delete" ? `[-${op.text}-]` : `{+${op.text}+}`)).join("");
}

/** The largest id the database holds (ids are 32-bit integers): a larger number names nothing and cannot be looked up. */
const MAX_ID = 2 ** 31 - 1;

export const positiveId = (value: string | undefined, what: string): number => {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
    const bound = id > MAX_ID ? ` no larger than ${MAX_ID}` : "";
    throw new AppError("invalid_input", `${what} must be a positive whole number${bound}, not ${JSON.stringify(value ?? "")}`, {
      status: 400,
    });
  }
  return id;
};

/** Refuses words past the `count` a command takes: a stray one is a mistake to report, not to ignore. */
export function refuseExtraArguments(positionals: string[], count: number, usage: string): void {
  if (positionals.length > count) {
    throw new AppError("invalid_input", `Unexpected ${JSON.stringify(positionals[count])}. Usage: ${usage}`, { status: 400 });
  }
}

/** `now`, `snapshot:NAME` or an ISO date and time, as the CLI takes a version of a document. */
export async function parsePoint(db: Db, documentId: number, value: string | undefined, option: string): Promise<Point> {
  if (!value) throw new AppError("invalid_input", `${option} is required: now, snapshot:NAME or an ISO time`, { status: 400 });
  if (value === "now") return "now";
  if (value.startsWith("snapshot:")) {
    const name = value.slice("snapshot:".length);
    const snapshot = (await listSnapshots(db, { documentId })).find((candidate) => candidate.name === name);
    if (!snapshot) throw new AppError("snapshot_not_found", `There is no snapshot "${name}" of this document`, { status: 404 });
    return { snapshotId: snapshot.id };
  }
  const time = new Date(value);
  if (Number.isNaN(time.getTime()))
    throw new AppError("invalid_input", `${option}: "${value}" is not now, snapshot:NAME or an ISO time`, { status: 400 });
  return { time: time.toISOString() };
}

/**
 * wb history CELL_ID [--limit N] [--before REV] [--json]: one page of a
 * cell's revisions, newest first, each with its diff, paged the way the
 * API pages it; the last line says how to ask for the next page.
 */
export async function history(db: Db, args: string[], print: Print) {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: "boolean" }, limit: { type: "string" }, before: { type: "string" } },
    allowPositionals: true,
  });
  refuseExtraArguments(positionals, 1, "wb history CELL_ID [--limit N] [--before REV] [--json]");
  const cellId = positiveId(positionals[0], "CELL_ID");
  const limit = values.limit === undefined ? undefined : positiveId(values.limit, "--limit");
  if (limit !== undefined && limit > MAX_HISTORY_PAGE_SIZE)
    throw new AppError("invalid_input", `--limit must be at most ${MAX_HISTORY_PAGE_SIZE}, not ${limit}`, { status: 400 });
  const before = values.before === undefined ? undefined : positiveId(values.before, "--before");
  const result = await listCellHistory(db, { cellId, limit, before });
  if (values.json) return print(JSON.stringify(result));
  for (const revision of result.revisions) {
    const head = revision.id === result.headRevisionId ? " (head)" : "";
    print(
      `#${revision.id}${head} ${revision.createdAt.toISOString()} ${revision.author.name} ${revision.kind}${revision.note ? `: ${revision.note}` : ""}`,
    );
    print(`  ${wordDiffLine(revision.diff)}`);
  }
  if (result.nextBefore !== null) {
    const again = ["wb history", cellId, ...(limit === undefined ? [] : ["--limit", limit]), "--before", result.nextBefore];
    print(`Older revisions: ${again.join(" ")}`);
  }
}

/**
 * wb diff --from REV --to REV [--char] [--json]: two revisions of a cell.
 * wb diff SLUG --from POINT --to POINT [--json]: two versions of a document.
 */
export async function diff(db: Db, args: string[], print: Print) {
  const { values, positionals } = parseArgs({
    args,
    options: { from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" }, char: { type: "boolean" } },
    allowPositionals: true,
  });
  refuseExtraArguments(positionals, 1, "wb diff --from REV --to REV | wb diff SLUG --from POINT --to POINT");
  const [slug] = positionals;
  if (!slug) {
    const result = await diffRevisions(db, {
      fromRevisionId: positiveId(values.from, "--from"),
      toRevisionId: positiveId(values.to, "--to"),
      granularity: values.char ? "char" : "word",
    });
    return print(values.json ? JSON.stringify(result) : wordDiffLine(result.ops));
  }
  const { document } = await getDocument(db, slug);
  const result = await diffDocument(db, {
    documentId: document.id,
    from: await parsePoint(db, document.id, values.from, "--from"),
    to: await parsePoint(db, document.id, values.to, "--to"),
  });
  if (values.json) return print(JSON.stringify(result));
  const { summary } = result;
  print(
    `${summary.changedCells} changed cells; rows: ${summary.added} added, ${summary.removed} removed, ${summary.split} split, ${summary.merged} merged, ${summary.moved} moved, ${summary.unchangedRows} unchanged`,
  );
  for (const cell of result.changedCells) print(`row ${cell.number} ${cell.language}: ${wordDiffLine(cell.ops)}`);
}

/** wb snapshot create SLUG NAME | wb snapshot list SLUG */
export async function snapshot(db: Db, args: string[], print: Print) {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
  refuseExtraArguments(positionals, positionals[0] === "list" ? 2 : 3, "wb snapshot create SLUG NAME | wb snapshot list SLUG");
  const [action, slug, name] = positionals;
  if (!slug || (action !== "create" && action !== "list")) {
    throw new AppError("invalid_input", "Usage: wb snapshot create SLUG NAME | wb snapshot list SLUG", { status: 400 });
  }
  const { document } = await getDocument(db, slug);
  if (action === "create") {
    const system = await ensureSystemUser(db);
    const created = await createSnapshot(db, { documentId: document.id, name: name ?? "", authorId: system.id });
    return print(`Snapshot "${created.name}" of ${slug} (#${created.id}) taken at ${created.createdAt.toISOString()}`);
  }
  for (const entry of await listSnapshots(db, { documentId: document.id })) {
    print(`#${entry.id} ${entry.createdAt.toISOString()} ${entry.name} (${entry.author.name})`);
  }
}
