// "Changes since my last visit" remembers visits in the browser's
// localStorage: a server-side record would need a new table (a migration)
// and accounts that do not exist yet (a handle cookie identifies a browser
// anyway), while the browser is exactly where "my last visit" happened.

/** Activity on a document with no gap this long is one visit. */
export const VISIT_GAP_MS = 30 * 60_000;

interface Visits {
  /** When the person last looked at the document. */
  seenAt: string;
  /** When the visit before the current one ended; null on the first visit. */
  previousVisit: string | null;
}

const keyOf = (slug: string) => `parallel:visits:${slug}`;

function read(storage: Pick<Storage, "getItem">, slug: string): Visits | null {
  try {
    const stored = JSON.parse(storage.getItem(keyOf(slug)) ?? "null") as Partial<Visits> | null;
    return typeof stored?.seenAt === "string" ? { seenAt: stored.seenAt, previousVisit: stored.previousVisit ?? null } : null;
  } catch {
    return null;
  }
}

/**
 * Records that the document is being looked at now and answers when the
 * previous visit ended: a gap of VISIT_GAP_MS or more since the document was
 * last seen starts a new visit, and the old one becomes "the last visit".
 */
export function recordVisit(storage: Pick<Storage, "getItem" | "setItem">, slug: string, now: Date): string | null {
  const stored = read(storage, slug);
  const newVisit = !stored || now.getTime() - new Date(stored.seenAt).getTime() >= VISIT_GAP_MS;
  const previousVisit = newVisit ? (stored?.seenAt ?? null) : stored.previousVisit;
  storage.setItem(keyOf(slug), JSON.stringify({ seenAt: now.toISOString(), previousVisit } satisfies Visits));
  return previousVisit;
}

/** When the previous visit ended, without recording one. */
export function previousVisit(storage: Pick<Storage, "getItem">, slug: string): string | null {
  return read(storage, slug)?.previousVisit ?? null;
}
