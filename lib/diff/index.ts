export { diffStats, diffText, sidesOf, type DiffOp, type DiffOptions } from "./diff-text";
export { mergeThreeWay, type MergeConflict, type MergeResult } from "./merge";
