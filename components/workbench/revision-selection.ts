/** Ticking a revision to compare: at most `limit` stay ticked; ticking one more changes nothing. */
export function toggleSelection(selected: readonly number[], id: number, limit = 2): number[] {
  if (selected.includes(id)) return selected.filter((other) => other !== id);
  return selected.length >= limit ? [...selected] : [...selected, id];
}

/** Two ticked revisions as a comparison, older → newer whatever order they were ticked in (ids follow time). */
export function comparisonOf(selected: readonly number[]): { from: number; to: number } | null {
  if (selected.length !== 2) return null;
  const [from, to] = [...selected].sort((a, b) => a - b) as [number, number];
  return { from, to };
}
