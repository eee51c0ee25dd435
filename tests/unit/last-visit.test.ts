import { describe, expect, it } from "vitest";
import { previousVisit, recordVisit, VISIT_GAP_MS } from "@/components/review/last-visit";

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
}

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 29, 9) + minutes * 60_000);

describe("the last visit of a document", () => {
  it("is unknown on a first visit, then is when the previous visit ended", () => {
    const storage = memoryStorage();
    expect(recordVisit(storage, "speech", at(0))).toBeNull();
    // Looking around within the same visit changes nothing.
    expect(recordVisit(storage, "speech", at(10))).toBeNull();
    expect(recordVisit(storage, "speech", at(35))).toBeNull();
    // Back after a long gap: the last visit ended when the document was last seen.
    expect(recordVisit(storage, "speech", at(35 + VISIT_GAP_MS / 60_000))).toBe(at(35).toISOString());
    expect(recordVisit(storage, "speech", at(80))).toBe(at(35).toISOString());
    expect(previousVisit(storage, "speech")).toBe(at(35).toISOString());
  });

  it("is kept per document, and survives unreadable storage", () => {
    const storage = memoryStorage();
    recordVisit(storage, "speech", at(0));
    expect(recordVisit(storage, "other", at(120))).toBeNull();
    expect(recordVisit(storage, "speech", at(120))).toBe(at(0).toISOString());
    storage.setItem("parallel:visits:speech", "{not json");
    expect(previousVisit(storage, "speech")).toBeNull();
    expect(recordVisit(storage, "speech", at(200))).toBeNull();
  });
});
