import DiffMatchPatch from "diff-match-patch";
import { diffTokens, tokenizeWords } from "./diff-text";

export type MergeConflict = { base: string; mine: string; theirs: string };

export type MergeResult = { status: "clean"; text: string } | { status: "conflict"; conflicts: MergeConflict[] };

/** One side's change: base tokens [start, end) replaced by `inserted`; start === end for a pure insertion. */
type Edit = { side: "mine" | "theirs"; start: number; end: number; inserted: string[] };

/**
 * One side's edits in base order, from the minimal word diff. Not the semantic cleanup the review
 * view uses: it widens edits over short unchanged stretches depending on where the diff happened
 * to place them, which would make conflicts (and duplicated insertions) depend on placement too.
 */
function editsAgainstBase(baseTokens: string[], edited: string, side: Edit["side"]): Edit[] {
  const edits: Edit[] = [];
  let at = 0;
  let open: Edit | undefined;
  for (const { op, tokens } of diffTokens(baseTokens, tokenizeWords(edited), { timeoutSeconds: 1, semanticCleanup: false })) {
    if (op === "equal") {
      open = undefined;
      at += tokens.length;
      continue;
    }
    if (!open) {
      open = { side, start: at, end: at, inserted: [] };
      edits.push(open);
    }
    if (op === "delete") {
      at += tokens.length;
      open.end = at;
    } else {
      open.inserted = open.inserted.concat(tokens);
    }
  }
  return edits.map((edit, index) => slideRight(baseTokens, edit, edits[index + 1]?.start ?? baseTokens.length));
}

/**
 * A pure insertion or deletion next to copies of its own tokens (" b" after "b", a repeated
 * phrase) gives the same text at several places, and the two sides' diffs need not pick the same
 * one. Moving each such edit as far right as it goes (never into the side's next edit, at `limit`)
 * puts equivalent edits at the same place, so identical ones merge and different ones meet.
 */
function slideRight(baseTokens: string[], edit: Edit, limit: number): Edit {
  const removed = baseTokens.slice(edit.start, edit.end);
  if (removed.length > 0 && edit.inserted.length > 0) return edit;
  const moved = removed.length > 0 ? removed : edit.inserted;
  // Each step right rotates the moved tokens by one, so it keeps the text while the base token
  // stepped over equals the moved token that rotates past it.
  let steps = 0;
  while (edit.end + steps < limit && baseTokens[edit.end + steps] === moved[steps % moved.length]) steps++;
  const rotation = steps % moved.length;
  const inserted = edit.inserted.length > 0 ? [...moved.slice(rotation), ...moved.slice(0, rotation)] : [];
  return { ...edit, start: edit.start + steps, end: edit.end + steps, inserted };
}

/**
 * Edits that overlap or touch (no unchanged token between them), grouped transitively, in base
 * order. Edits of one side never overlap each other.
 */
function groupTouching(edits: Edit[]): Edit[][] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: Edit[][] = [];
  let groupEnd = -1;
  for (const edit of sorted) {
    const group = groups.at(-1);
    if (group && edit.start <= groupEnd) {
      group.push(edit);
      groupEnd = Math.max(groupEnd, edit.end);
    } else {
      groups.push([edit]);
      groupEnd = edit.end;
    }
  }
  return groups;
}

type Region = { start: number; end: number; base: string; mine: string; theirs: string };

/** Base tokens [start, end) with one side's edits (in base order, all inside the range) applied. */
function applyEdits(baseTokens: string[], start: number, end: number, edits: Edit[]): string {
  let text = "";
  let at = start;
  for (const edit of edits) {
    text += baseTokens.slice(at, edit.start).join("") + edit.inserted.join("");
    at = edit.end;
  }
  return text + baseTokens.slice(at, end).join("");
}

function regionOf(baseTokens: string[], edits: Edit[]): Region {
  const start = edits.reduce((least, edit) => Math.min(least, edit.start), Infinity);
  const end = edits.reduce((most, edit) => Math.max(most, edit.end), -Infinity);
  const sideText = (side: Edit["side"]) =>
    applyEdits(
      baseTokens,
      start,
      end,
      edits.filter((edit) => edit.side === side),
    );
  return { start, end, base: baseTokens.slice(start, end).join(""), mine: sideText("mine"), theirs: sideText("theirs") };
}

/** The region's merged text, or undefined when both sides changed it differently. */
function resolve(region: Region): string | undefined {
  if (region.mine === region.base) return region.theirs;
  if (region.theirs === region.base || region.theirs === region.mine) return region.mine;
  return undefined;
}

function asConflict({ base, mine, theirs }: Region): MergeConflict {
  return { base, mine, theirs };
}

/** Base text with each region replaced by the text `pick` chooses for it. */
function assemble(baseTokens: string[], regions: Region[], pick: (region: Region) => string): string {
  let text = "";
  let at = 0;
  for (const region of regions) {
    text += baseTokens.slice(at, region.start).join("") + pick(region);
    at = region.end;
  }
  return text + baseTokens.slice(at).join("");
}

/**
 * diff-match-patch's character patches of their changes, applied to mine by fuzzy matching, must
 * all apply and give the merged text. When they don't (a patch failed, or landed on another copy
 * of a repeated phrase), the merge is ambiguous and the person decides. The patches leave out
 * changes mine already has: applied again, an insertion both sides made would appear twice.
 */
function patchesAgree(base: string, theirsNotMine: string, mine: string, merged: string): boolean {
  const dmp = new DiffMatchPatch();
  const [patched, applied] = dmp.patch_apply(dmp.patch_make(base, theirsNotMine), mine);
  return applied.every(Boolean) && patched === merged;
}

/**
 * Merges my edit of `base` with theirs, saved meanwhile. Edits are compared word by word in base
 * coordinates: edits of both sides that overlap or touch are a conflict unless they give the same
 * text. Otherwise the merged text is built directly from both sides' edits and cross-checked
 * against diff-match-patch's patch_apply; if the two disagree, the region spanning every edit is
 * reported as one conflict rather than trusting either.
 */
export function mergeThreeWay(base: string, mine: string, theirs: string): MergeResult {
  if (mine === theirs || theirs === base) return { status: "clean", text: mine };
  if (mine === base) return { status: "clean", text: theirs };

  const baseTokens = tokenizeWords(base);
  const edits = [...editsAgainstBase(baseTokens, mine, "mine"), ...editsAgainstBase(baseTokens, theirs, "theirs")];
  const regions = groupTouching(edits).map((group) => regionOf(baseTokens, group));

  const conflicts = regions.filter((region) => resolve(region) === undefined).map(asConflict);
  if (conflicts.length > 0) return { status: "conflict", conflicts };

  // Every region resolves: the conflicts were returned above.
  const merged = assemble(baseTokens, regions, (region) => resolve(region)!);
  const theirsNotMine = assemble(baseTokens, regions, (region) => (region.mine === region.base ? region.theirs : region.base));
  if (!patchesAgree(base, theirsNotMine, mine, merged)) {
    return { status: "conflict", conflicts: [asConflict(regionOf(baseTokens, edits))] };
  }
  return { status: "clean", text: merged };
}
