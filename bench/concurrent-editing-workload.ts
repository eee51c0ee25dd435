// The work of bench/concurrent-editing.ts and of its short version in the
// test suite: many people editing one document at once over the API (cell
// saves, some on deliberately stale bases, splits, merges, shifts, undos,
// reverts and review decisions), every request recorded, then checks of what
// the database holds against what the answers said.
//
// Texts are made of words that occur once in the whole document, and a save
// only appends a new unique word, a revert only takes back a save's word, a
// rejection only takes back the edit after the approved revision (or clears a
// never-approved cell): so each language's text read in row order can be
// computed from the accepted writes alone, whatever order they ran in.
import { performance } from "node:perf_hooks";
import type { Db } from "../lib/db/client";
import type { UserRole } from "../lib/db/generated/enums";
import { createDocument } from "../lib/documents/create-document";
import { revisionsOfAlignmentChanges } from "../lib/revisions/review-common";
import { readDetails } from "../lib/segments/details";
import { ensureSystemUser } from "../lib/users";
import { addPerson, tokenHeaders } from "../tests/helpers/auth";
import { prng } from "../tests/helpers/prng";

export const LANGUAGES = [
  { code: "ru", label: "Русский", isOriginal: true },
  { code: "en", label: "English", isOriginal: false },
  { code: "de", label: "Deutsch", isOriginal: false },
] as const;
const CODES = LANGUAGES.map((language) => language.code);

/** One request as the client saw it. */
export interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };
}
/** How a client reaches the app: over HTTP, or through the route handlers in a test. */
export type Send = (method: "GET" | "POST" | "PUT", path: string, token: string, body?: unknown) => Promise<Answer>;

export type Kind = "read" | "save" | "stale save" | "revert" | "split" | "merge" | "shift" | "undo" | "review";
export interface Sent {
  kind: Kind;
  status: number;
  ms: number;
  code?: string;
  /** What the request named, for the checks of its answer. */
  cellId?: number;
  segmentId?: number;
  base?: number | null;
  changeId?: number;
  body: Answer["body"];
}

export interface Prepared {
  slug: string;
  documentId: number;
  /** API tokens (`wbt_…`) of translators and reviewers. */
  translators: string[];
  reviewers: string[];
  /** The last ids before the load: everything after them was written by it. */
  mark: { revision: number; change: number; decision: number };
  /** Each language's words in row order before the load. */
  reading: Record<string, string[]>;
  /** Cell → row before the load. */
  cellRow: Map<number, number>;
}

/** Row `row` of language `code`: a few words found nowhere else in the document, or (now and then) nothing. */
function paragraph(code: string, row: number): string {
  if ((row * 7 + code.charCodeAt(0)) % 13 === 0) return "";
  const words = 2 + ((row * 5 + code.charCodeAt(1)) % 5);
  return Array.from({ length: words }, (_, word) => `${code}${row}w${word}`).join(" ");
}

/** The document (`rows` rows in ru, en, de), its people with API tokens, and where the load starts. */
export async function prepare(db: Db, options: { slug: string; rows: number; translators: number; reviewers: number }): Promise<Prepared> {
  const system = await ensureSystemUser(db);
  const document = await createDocument(
    db,
    {
      slug: options.slug,
      title: `Concurrent editing: ${options.rows} rows`,
      languages: LANGUAGES.map((language) => ({
        ...language,
        provenance: "Synthetic benchmark text",
        paragraphs: Array.from({ length: options.rows }, (_, row) => paragraph(language.code, row)),
      })),
    },
    { authorId: system.id },
  );
  const people = async (prefix: string, role: UserRole, count: number) =>
    Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const person = await addPerson(db, `${prefix}${index + 1}`, role);
        return (await tokenHeaders(db, person)).authorization.replace(/^Bearer /, "");
      }),
    );
  const translators = await people("translator", "translator", options.translators);
  const reviewers = await people("reviewer", "reviewer", options.reviewers);
  const grid = await readGrid(db, document.id);
  const [revision, change, decision] = await Promise.all([
    db.revision.aggregate({ _max: { id: true } }),
    db.alignmentChange.aggregate({ _max: { id: true } }),
    db.reviewDecision.aggregate({ _max: { id: true } }),
  ]);
  return {
    slug: options.slug,
    documentId: document.id,
    translators,
    reviewers,
    mark: { revision: revision._max.id ?? 0, change: change._max.id ?? 0, decision: decision._max.id ?? 0 },
    reading: readingOf(grid),
    cellRow: new Map(grid.flatMap((row) => Object.values(row.cells).map((cell) => [cell.id, row.id] as const))),
  };
}

interface GridRow {
  id: number;
  cells: Record<string, { id: number; text: string }>;
}

async function readGrid(db: Db, documentId: number): Promise<GridRow[]> {
  const rows = await db.$queryRaw<{ segmentId: number; cellId: number; code: string; text: string }[]>`
    SELECT s.id AS "segmentId", c.id AS "cellId", l.code, c.text
      FROM "Segment" s JOIN "Cell" c ON c."segmentId" = s.id JOIN "DocumentLanguage" l ON l.id = c."languageId"
     WHERE s."documentId" = ${documentId} AND s."deletedAt" IS NULL
     ORDER BY s.position, s.id`;
  const grid: GridRow[] = [];
  for (const row of rows) {
    if (grid.at(-1)?.id !== row.segmentId) grid.push({ id: row.segmentId, cells: {} });
    grid.at(-1)!.cells[row.code] = { id: row.cellId, text: row.text };
  }
  return grid;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const readingOf = (grid: GridRow[]) => Object.fromEntries(CODES.map((code) => [code, grid.flatMap((row) => words(row.cells[code]!.text))]));

interface PageCell {
  id: number;
  text: string;
  headRevisionId: number | null;
}
interface PageRow {
  id: number;
  cells: Record<string, PageCell | null>;
}

/** Which form of undo the server takes: with the change it means (the contract), or the older bare one. */
export async function undoForm(send: Send, prepared: Prepared): Promise<"changeId" | "bare"> {
  // A fresh document has only its import, which cannot be undone: a server that
  // validates changeId refuses 0 with 400 before looking; an older one ignores it.
  const answer = await send("POST", `/api/documents/${prepared.slug}/operations`, prepared.translators[0]!, { op: "undo", changeId: 0 });
  return answer.status === 400 ? "changeId" : "bare";
}

/**
 * `clients` people (one in `reviewerEvery` a reviewer) working for `seconds`
 * against the app through `send`; every request is recorded.
 */
export async function runLoad(
  send: Send,
  prepared: Prepared,
  options: {
    clients: number;
    seconds: number;
    seed: number;
    reviewerEvery?: number;
    undo: "changeId" | "bare";
    /** Only saves on current bases, the issue's reference measurement: no reviewers, no structural changes. */
    savesOnly?: boolean;
  },
): Promise<Sent[]> {
  const sent: Sent[] = [];
  const deadline = performance.now() + options.seconds * 1000;
  const reviewerEvery = options.reviewerEvery ?? 10;
  const request = async (
    record: Omit<Sent, "status" | "ms" | "body" | "code">,
    method: "GET" | "POST" | "PUT",
    path: string,
    token: string,
    body?: unknown,
  ) => {
    const started = performance.now();
    const answer = await send(method, path, token, body);
    const entry: Sent = { ...record, status: answer.status, ms: performance.now() - started, body: answer.body };
    if (answer.body.error) entry.code = answer.body.error.code;
    sent.push(entry);
    return entry;
  };
  const total = (await send("GET", `/api/documents/${prepared.slug}/rows?limit=1`, prepared.translators[0]!)).body.total as number;

  const translator = async (index: number) => {
    const random = prng(options.seed * 1000 + index);
    const token = prepared.translators[index % prepared.translators.length]!;
    /** Bases this client knows were superseded (its own saves replaced them): sending one is a deliberately stale save. */
    const superseded: { cellId: number; segmentId: number; base: number; text: string }[] = [];
    /** Its own accepted saves, which a revert may take back. */
    const saves: { cellId: number; segmentId: number; revision: number; parent: number }[] = [];
    let changes: number[] = [];
    let word = 0;
    let attempts = 0;
    while (performance.now() < deadline) {
      const offset = random.below(Math.max(1, total - 20));
      const page = await request(
        { kind: "read" },
        "GET",
        `/api/documents/${prepared.slug}/rows?langs=${CODES.join(",")}&offset=${offset}&limit=20`,
        token,
      );
      const rows = (page.body.rows ?? []) as PageRow[];
      if (!rows.length) continue;
      // A few actions on the page as read, like a person working down a screen.
      for (let action = 0; action < (options.savesOnly ? 40 : 4) && performance.now() < deadline; action++) {
        const row = random.pick(rows);
        const code = random.pick(CODES);
        const cell = row.cells[code];
        if (options.savesOnly && !cell?.text) continue;
        const roll = options.savesOnly ? 0 : random.below(100);
        if (roll < 50 && cell?.text) {
          // Every fourth save is sent on a base this client itself replaced: it must be refused.
          const stale = ++attempts % 4 === 0 && !options.savesOnly ? superseded.find((old) => old.cellId !== cell.id) : undefined;
          if (stale) {
            await request(
              { kind: "stale save", cellId: stale.cellId, segmentId: stale.segmentId, base: stale.base },
              "PUT",
              `/api/cells/${stale.cellId}`,
              token,
              { text: `${stale.text} stale${index}x${word++}`, baseRevisionId: stale.base, segmentId: stale.segmentId },
            );
            continue;
          }
          const source = row.cells[CODES[0]!];
          const text = `${cell.text} c${index}x${word++}`;
          const saved = await request(
            { kind: "save", cellId: cell.id, segmentId: row.id, base: cell.headRevisionId },
            "PUT",
            `/api/cells/${cell.id}`,
            token,
            {
              text,
              baseRevisionId: cell.headRevisionId,
              segmentId: row.id,
              ...(code === CODES[0] ? {} : { sourceRevisionId: source?.headRevisionId ?? null }),
            },
          );
          if (saved.status === 200) {
            const revision = (saved.body.revision as { id: number }).id;
            superseded.push({ cellId: cell.id, segmentId: row.id, base: cell.headRevisionId!, text: cell.text });
            saves.push({ cellId: cell.id, segmentId: row.id, revision, parent: cell.headRevisionId! });
            Object.assign(cell, { text, headRevisionId: revision });
          }
        } else if (roll < 60 && saves.length) {
          const save = saves.splice(random.below(saves.length), 1)[0]!;
          await request(
            { kind: "revert", cellId: save.cellId, segmentId: save.segmentId, base: save.revision },
            "POST",
            `/api/cells/${save.cellId}/revert`,
            token,
            { toRevisionId: save.parent, baseRevisionId: save.revision, segmentId: save.segmentId },
          );
          break; // the page no longer shows what is there
        } else if (roll < 85) {
          const kind = random.pick(["split", "merge", "shift"] as const);
          let operation: Record<string, unknown>;
          if (kind === "split") {
            const spaces = [...(cell?.text ?? "").matchAll(/\s/g)].map((match) => match.index);
            if (!spaces.length) continue;
            operation = {
              op: "split",
              segmentId: row.id,
              languageCode: code,
              offset: random.pick(spaces),
              splitOthers: random.chance(0.5),
            };
          } else if (kind === "merge") operation = { op: "merge", segmentId: row.id };
          else operation = { op: "shift", segmentId: row.id, languageCode: code, direction: random.pick(["up", "down"] as const) };
          const done = await request({ kind, segmentId: row.id }, "POST", `/api/documents/${prepared.slug}/operations`, token, operation);
          if (done.status === 200) changes.push((done.body.result as { changeId: number }).changeId);
          break; // rows moved: read again
        } else {
          let changeId: number | undefined;
          if (options.undo === "changeId") {
            // Half the time my own latest change; otherwise what the Undo button names now.
            if (changes.length && random.chance(0.5)) changeId = changes.at(-1);
            else {
              const log = await request({ kind: "read" }, "GET", `/api/documents/${prepared.slug}/changes?limit=1`, token);
              changeId = (log.body.undo as { id: number } | null)?.id;
            }
            if (changeId === undefined) continue;
          }
          const undone = await request({ kind: "undo", changeId }, "POST", `/api/documents/${prepared.slug}/operations`, token, {
            op: "undo",
            ...(changeId === undefined ? {} : { changeId }),
          });
          if (undone.status === 200) changes = changes.filter((id) => id !== changeId);
          break;
        }
      }
    }
  };

  const reviewer = async (index: number, of: number) => {
    const random = prng(options.seed * 1000 + 500 + index);
    const token = prepared.reviewers[index % prepared.reviewers.length]!;
    /** Cells this reviewer decides (cell id modulo the reviewers), and the revision it approved in each. */
    const approved = new Map<number, number | null>();
    while (performance.now() < deadline) {
      const page = await request(
        { kind: "read" },
        "GET",
        `/api/documents/${prepared.slug}/rows?langs=${CODES.join(",")}&offset=${random.below(Math.max(1, total - 20))}&limit=20`,
        token,
      );
      const cells = ((page.body.rows ?? []) as PageRow[])
        .flatMap((row) => Object.values(row.cells))
        .filter((cell): cell is PageCell => !!cell?.text && cell.id % of === index);
      if (!cells.length) continue;
      const cell = random.pick(cells);
      const history = await request({ kind: "read" }, "GET", `/api/cells/${cell.id}/history`, token);
      const revisions = (history.body.revisions ?? []) as { id: number; parentId: number | null; kind: string }[];
      const head = revisions.find((revision) => revision.id === history.body.headRevisionId);
      if (!head) continue;
      const mine = approved.get(cell.id);
      // Reject only an edit made right on top of what this reviewer approved: the text then loses exactly that edit.
      const reject = mine !== undefined && mine !== null && head.kind === "edit" && head.parentId === mine && random.chance(0.5);
      const decided = await request(
        { kind: "review", cellId: cell.id, base: head.id },
        "POST",
        `/api/documents/${prepared.slug}/review`,
        token,
        {
          decisions: [
            { cellId: cell.id, revisionId: head.id, verdict: reject ? "reject" : "approve", ...(reject ? { note: "Not this edit" } : {}) },
          ],
          // The synthetic edits break figures (a split moves a row's numbers): this reviewer approves them knowingly.
          confirmFailingChecks: true,
        },
      );
      if (decided.status === 200) approved.set(cell.id, reject ? mine! : head.id);
    }
  };

  const reviewers = options.savesOnly ? 0 : Math.max(1, Math.floor(options.clients / reviewerEvery));
  await Promise.all(
    Array.from({ length: options.clients }, (_, client) =>
      client < reviewers ? reviewer(client, reviewers) : translator(client - reviewers),
    ),
  );
  return sent;
}

/** Refusals a write may meet in this work that are not about a stale view (a split of the last row, say); any other code is a failure. */
const ORDINARY_REFUSALS = new Set([
  "no_next_segment",
  "no_previous_segment",
  "shift_blocked",
  "nothing_to_shift",
  "nothing_to_undo",
  "cell_changed",
  "segment_not_found",
  "nothing_to_redo",
  "change_superseded",
  "segment_deleted",
  "invalid_offset",
  "text_too_long",
]);

export interface Checked {
  failures: string[];
  /** Accepted writes the checks could not place before or after every change that touched their row (reported, not failed). */
  undetermined: number;
  counts: Record<string, number>;
}

/**
 * What the database holds against what the answers said: every 2xx write is
 * exactly one revision, change or decision and each of those one 2xx; every
 * 409 was a real conflict; no write went into a row deleted at that time;
 * each language reads as the accepted writes make it; no 5xx.
 */
export async function checkRun(db: Db, prepared: Prepared, sent: Sent[]): Promise<Checked> {
  const failures: string[] = [];
  const fail = (message: string) => failures.length < 50 && failures.push(message);
  const counts: Record<string, number> = {};
  for (const entry of sent) {
    const key = `${entry.kind} ${entry.status}${entry.code ? ` ${entry.code}` : ""}`;
    counts[key] = (counts[key] ?? 0) + 1;
    if (entry.status >= 500) fail(`${entry.kind}: ${entry.status} ${JSON.stringify(entry.body).slice(0, 300)}`);
    if (entry.status !== 200 && entry.status !== 409 && !(entry.status === 400 && entry.code && ORDINARY_REFUSALS.has(entry.code)))
      fail(`${entry.kind}: unexpected ${entry.status} ${JSON.stringify(entry.body).slice(0, 300)}`);
  }

  const { mark, documentId } = prepared;
  const revisions = await db.revision.findMany({
    where: { id: { gt: mark.revision }, cell: { segment: { documentId } } },
    select: { id: true, cellId: true, parentId: true, text: true, kind: true },
    orderBy: { id: "asc" },
  });
  const revisionOf = new Map(revisions.map((revision) => [revision.id, revision]));
  const changes = await db.alignmentChange.findMany({
    where: { id: { gt: mark.change }, documentId },
    select: { id: true, kind: true, details: true },
    orderBy: { id: "asc" },
  });
  const decisions = await db.reviewDecision.findMany({ where: { id: { gt: mark.decision } }, select: { id: true } });
  const structural = new Set(
    (
      await db.$queryRaw<{ id: number }[]>`
        SELECT id FROM (${revisionsOfAlignmentChanges(documentId)}) logged WHERE id > ${mark.revision}`
    ).map((row) => row.id),
  );

  // Every 2xx is one record, and every record one 2xx.
  const claimed = { revision: new Map<number, number>(), change: new Map<number, number>(), decision: new Map<number, number>() };
  const claim = (map: Map<number, number>, id: number | null | undefined) => id && map.set(id, (map.get(id) ?? 0) + 1);
  for (const entry of sent.filter((entry) => entry.status === 200 && entry.kind !== "read")) {
    if (entry.kind === "save" || entry.kind === "stale save" || entry.kind === "revert") {
      const revision = (entry.body.revision as { id: number } | null)?.id;
      if (!revision) fail(`${entry.kind} of cell ${entry.cellId}: 200 without a revision`);
      claim(claimed.revision, revision);
    } else if (entry.kind === "review") {
      for (const outcome of entry.body.outcomes as { decisionId: number; revertRevisionId: number | null }[]) {
        claim(claimed.decision, outcome.decisionId);
        claim(claimed.revision, outcome.revertRevisionId);
      }
    } else claim(claimed.change, (entry.body.result as { changeId: number }).changeId);
  }
  const matchOne = (what: string, records: number[], map: Map<number, number>) => {
    for (const id of records) if (map.get(id) !== 1) fail(`${what} ${id} answered as accepted ${map.get(id) ?? 0} times`);
    const written = new Set(records);
    for (const id of map.keys()) if (!written.has(id)) fail(`an accepted answer names ${what} ${id}, which is not in the database`);
  };
  matchOne(
    "revision",
    revisions.filter((revision) => !structural.has(revision.id)).map((revision) => revision.id),
    claimed.revision,
  );
  matchOne(
    "alignment change",
    changes.map((change) => change.id),
    claimed.change,
  );
  matchOne(
    "review decision",
    decisions.map((decision) => decision.id),
    claimed.decision,
  );

  // Every 409 a real conflict.
  const ancestors = (id: number | null): Set<number> => {
    const found = new Set<number>();
    for (let at = id; at !== null && revisionOf.has(at); at = revisionOf.get(at)!.parentId) found.add(revisionOf.get(at)!.parentId ?? 0);
    return found;
  };
  const isProperAncestor = (base: number | null | undefined, head: number | null) =>
    head !== null && base !== head && (base === null || base === undefined || ancestors(head).has(base));
  const moves = changes.flatMap((change) => readDetails(change.details)?.cells ?? []);
  const rowEffects = changes.flatMap((change) => readDetails(change.details)?.rows ?? []);
  for (const entry of sent.filter((entry) => entry.status === 409)) {
    const details = entry.body.error?.details as Record<string, unknown> | undefined;
    switch (entry.code) {
      case "cell_conflict": {
        const head = (details?.cell as { headRevisionId: number | null }).headRevisionId;
        if (!isProperAncestor(entry.base, head))
          fail(`${entry.kind} of cell ${entry.cellId}: 409 though its base ${entry.base} led to no newer head (${head})`);
        break;
      }
      case "review_conflict":
        for (const cell of details?.cells as { reviewedRevisionId: number | null; headRevisionId: number | null }[])
          if (!isProperAncestor(cell.reviewedRevisionId, cell.headRevisionId))
            fail(`review of cell ${entry.cellId}: 409 though the head had not moved on`);
        break;
      case "cell_moved":
        if (!moves.some((cell) => cell.id === entry.cellId && cell.segment[0] === entry.segmentId && cell.segment[1] !== entry.segmentId))
          fail(`${entry.kind} of cell ${entry.cellId}: cell_moved, but no change moved it out of row ${entry.segmentId}`);
        break;
      case "row_deleted": {
        // The row the editor saw, or one a shift moved the cell into since, was deleted.
        const rowsOfCell = new Set([entry.segmentId, ...moves.filter((cell) => cell.id === entry.cellId).map((cell) => cell.segment[1])]);
        if (!rowEffects.some((row) => rowsOfCell.has(row.id) && row.deletedAt?.[1]))
          fail(
            `${entry.kind} of cell ${entry.cellId}: row_deleted, but no change deleted a row it was in (seen in row ${entry.segmentId})`,
          );
        break;
      }
      case "undo_target_changed": {
        const next = (details?.next as { id: number } | null)?.id;
        if (next === entry.changeId) fail(`undo of change ${entry.changeId}: undo_target_changed naming that same change`);
        break;
      }
      default:
        if (!entry.code || !ORDINARY_REFUSALS.has(entry.code))
          fail(`${entry.kind}: unexpected 409 ${JSON.stringify(entry.body).slice(0, 300)}`);
    }
  }

  // No write into a row deleted at the time. Alignment changes run one at a
  // time; a write falls between two of them, found by revision ids (a change
  // that wrote revisions) or by the cell's own history (a change that saw
  // the write's parent as head came before it; one that saw the write or a
  // later revision, after).
  const edits = revisions.filter((revision) => !structural.has(revision.id));
  const parsed = changes.map((change) => {
    const details = readDetails(change.details);
    const written = (details?.cells ?? []).filter((cell) => cell.text).map((cell) => cell.head[1]!);
    return { id: change.id, details, firstRevision: written.length ? Math.min(...written) : null };
  });
  const chainOf = (id: number) => {
    const chain = new Set<number>([id]);
    for (const ancestor of ancestors(id)) chain.add(ancestor);
    return chain;
  };
  let undetermined = 0;
  for (const edit of edits) {
    const before = chainOf(edit.parentId ?? 0); // heads the cell had before this write
    let last = -1;
    let first = parsed.length;
    parsed.forEach((change, index) => {
      const touch = change.details?.cells.find((cell) => cell.id === edit.cellId);
      const earlier = (change.firstRevision !== null && change.firstRevision < edit.id) || (touch && before.has(touch.head[1] ?? 0));
      const later = (change.firstRevision !== null && change.firstRevision > edit.id) || (touch && !before.has(touch.head[0] ?? 0));
      if (earlier) last = Math.max(last, index);
      if (later) first = Math.min(first, index);
    });
    let row = prepared.cellRow.get(edit.cellId);
    const deleted = new Map<number, boolean>();
    for (const change of parsed.slice(0, last + 1)) {
      const moved = change.details?.cells.find((cell) => cell.id === edit.cellId);
      if (moved) row = moved.segment[1];
      for (const effect of change.details?.rows ?? []) {
        if (effect.deletedAt) deleted.set(effect.id, effect.deletedAt[1] !== null);
        if (effect.created) deleted.set(effect.id, false);
      }
    }
    if (row !== undefined && deleted.get(row))
      fail(`revision ${edit.id} (${edit.kind}) of cell ${edit.cellId} was written into row ${row}, deleted at the time`);
    const open = parsed.slice(last + 1, first);
    if (
      open.some(
        (change) =>
          change.details?.rows.some((effect) => effect.id === row) || change.details?.cells.some((cell) => cell.id === edit.cellId),
      )
    )
      undetermined++;
  }

  // Each language reads as the accepted writes make it: structural changes move
  // words between rows but never change what a language says.
  const expected = Object.fromEntries(Object.entries(prepared.reading).map(([code, list]) => [code, [...list]]));
  const codeOf = new Map(
    (
      await db.$queryRaw<{ id: number; code: string }[]>`
        SELECT c.id, l.code FROM "Cell" c JOIN "DocumentLanguage" l ON l.id = c."languageId" WHERE l."documentId" = ${documentId}`
    ).map((cell) => [cell.id, cell.code]),
  );
  const parentTexts = new Map(
    (
      await db.revision.findMany({
        where: { id: { in: edits.map((edit) => edit.parentId).filter((id): id is number => id !== null) } },
        select: { id: true, text: true },
      })
    ).map((revision) => [revision.id, revision.text]),
  );
  for (const edit of edits) {
    const list = expected[codeOf.get(edit.cellId)!]!;
    const old = words(edit.parentId === null ? "" : parentTexts.get(edit.parentId)!);
    const at = old.length ? list.indexOf(old[0]!) : -1;
    if (at < 0 || old.some((word, offset) => list[at + offset] !== word)) {
      fail(`revision ${edit.id} (${edit.kind}) of cell ${edit.cellId} replaced text that no row showed: "${old.join(" ").slice(0, 80)}"`);
      continue;
    }
    list.splice(at, old.length, ...words(edit.text));
  }
  const actual = readingOf(await readGrid(db, documentId));
  for (const code of CODES) {
    const [want, have] = [expected[code]!, actual[code]!];
    const differs = want.findIndex((word, index) => have[index] !== word);
    if (differs >= 0 || want.length !== have.length) {
      const at = differs >= 0 ? differs : Math.min(want.length, have.length);
      fail(
        `${code} reads "${have.slice(Math.max(0, at - 3), at + 5).join(" ")}" where the accepted writes give "${want.slice(Math.max(0, at - 3), at + 5).join(" ")}" (word ${at})`,
      );
    }
  }
  return { failures, undetermined, counts };
}

/** Percentile of samples (milliseconds). */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
