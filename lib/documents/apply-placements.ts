import type { CellStatus, RevisionKind } from "../db/generated/enums";
import type { AlignmentEdit, RowState } from "../segments/alignment-edit";
import type { Placement } from "./bead-layout";

export interface AppliedPlacements {
  /** Rows made for text with no counterpart, in reading order. */
  createdSegmentIds: number[];
  /** Rows (existing or new) whose aligner score is below the threshold the caller gave. */
  lowConfidence: number;
}

/**
 * Writes one language's text into rows as the aligner placed it, inside an
 * open AlignmentEdit (so the log records every row created or moved and
 * every text written): new rows go in where their placement says, with an
 * empty cell in every other language; each row's cell of the language gets
 * its text as a new revision; each row touched gets the aligner's score.
 * `rows` are the live rows the placements number, in reading order.
 */
export async function applyPlacements(
  edit: AlignmentEdit,
  options: {
    languageId: number;
    rows: RowState[];
    placements: Placement[];
    revisionKind: RevisionKind;
    note: string;
    status?: CellStatus;
    /** "lowest" keeps a row's lower score from another language's alignment; "replace" sets this one. */
    score: "lowest" | "replace";
    lowConfidenceBelow: number;
  },
): Promise<AppliedPlacements> {
  const { rows, placements } = options;
  const newAfter = new Map<number, Placement[]>();
  for (const placement of placements) {
    if (placement.kind !== "new") continue;
    const key = placement.after < 0 ? -1 : rows[placement.after]!.id;
    newAfter.set(key, [...(newAfter.get(key) ?? []), placement]);
  }

  // The final reading order of every row of the document, deleted ones
  // included, with the new rows in their places.
  const order: ({ id: number } | { placement: Placement })[] = [];
  const startNew = newAfter.get(-1) ?? [];
  for (const row of edit.rows) {
    if (row.id === rows[0]?.id) order.push(...startNew.map((placement) => ({ placement })));
    order.push({ id: row.id });
    order.push(...(newAfter.get(row.id) ?? []).map((placement) => ({ placement })));
  }
  if (!rows.length) order.push(...startNew.map((placement) => ({ placement })));

  const created: { placement: Placement; position: number }[] = [];
  const moved: { id: number; position: number }[] = [];
  for (const [position, entry] of order.entries()) {
    if ("placement" in entry) created.push({ placement: entry.placement, position });
    else if (edit.row(entry.id)!.position !== position) moved.push({ id: entry.id, position });
  }
  await edit.setPositions(moved);
  const newRows = await edit.createRows(created.map((entry) => entry.position));
  const segmentOf = new Map(created.map((entry, index) => [entry.placement, newRows[index]!.id]));

  const targets = placements.map((placement) => ({
    placement,
    segmentId: placement.kind === "row" ? rows[placement.row]!.id : segmentOf.get(placement)!,
  }));
  const grid = await edit.rowCells(
    targets.map((target) => target.segmentId),
    [options.languageId],
  );
  await edit.writeTexts(
    targets.map(({ placement, segmentId }) => ({
      cellId: grid.cell(segmentId, options.languageId).id,
      text: placement.text,
      ...(options.status ? { status: options.status } : {}),
    })),
    options.revisionKind,
    options.note,
  );

  const ids = targets.map((target) => target.segmentId);
  const scores = targets.map((target) => target.placement.score);
  if (options.score === "lowest") {
    await edit.tx.$executeRaw`
      UPDATE "Segment" AS s SET "alignmentScore" = LEAST(COALESCE(s."alignmentScore", v.score), v.score)
        FROM unnest(${ids}::int[], ${scores}::float8[]) AS v(id, score) WHERE s.id = v.id`;
  } else {
    await edit.tx.$executeRaw`
      UPDATE "Segment" AS s SET "alignmentScore" = v.score
        FROM unnest(${ids}::int[], ${scores}::float8[]) AS v(id, score) WHERE s.id = v.id`;
  }

  return {
    createdSegmentIds: [...segmentOf.values()],
    lowConfidence: placements.filter((placement) => placement.score < options.lowConfidenceBelow).length,
  };
}
