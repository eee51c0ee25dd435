// Random and mutated JSON bodies (fast-check) to every API route that reads
// one: never a 5xx, never more than 2 s, and a refused request changes nothing
// in the database. Unlike bad-input-sweep, whose bodies are fixed and all
// wrong, these are drawn anew and may now and then be valid: those may write.
import fc from "fast-check";
import { describe, expect } from "vitest";
import type { Db } from "@/lib/db/client";
import { apiEndpoints } from "../helpers/routes";
import { DERIVED_TABLES } from "../helpers/table-counts";
import { FIELDS, paramsOf, requestOf, type SweptHandler, sweepTest as it, urlOf } from "../helpers/sweep";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** What a request may take, even on a busy machine. */
const MAX_MS = 2_000;
/** Bodies drawn per route: about a minute for all of them on one database. */
const RUNS = 40;

/** Every table's row count (derived ones aside) and the sum of the cells' versions, in one query: what a refused request must leave as it was. */
async function stateQuery(db: Db): Promise<() => Promise<string>> {
  const tables = (
    await db.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`
  ).filter(({ name }) => !DERIVED_TABLES.includes(name));
  const counts = tables.map(({ name }) => `(SELECT count(*) FROM "${name}")`).join(", ");
  const sql = `SELECT concat_ws(',', ${counts}, (SELECT sum(version) FROM "Cell")) AS state`;
  return async () => (await db.$queryRawUnsafe<{ state: string }[]>(sql))[0]!.state;
}

/** Values of every kind, some of them ids and names that exist, so a body may get past its schema to the database. */
function values(known: string[]) {
  return fc.oneof(
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.string(),
    fc.string({ unit: "binary", maxLength: 50 }),
    fc.constantFrom("a\u0000b", "a\ud800b", "\u202eevil\u202c", "", "   ", "ru", "en", "approve", "reject", "edit", "viewer", "admin"),
    fc.constantFrom(...known),
    fc.constantFrom(...known.map(Number).filter(Number.isFinite)),
    fc.array(fc.oneof(fc.integer(), fc.string(), fc.constantFrom(...known.map(Number).filter(Number.isFinite))), { maxLength: 5 }),
    fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxKeys: 4 }),
  );
}

interface Known {
  /** Every id and name of the world, as strings. */
  all: string[];
  revisions: number[];
  segments: number[];
  cells: number[];
}

/**
 * Bodies of the right shape for the routes that write text and rows, with
 * ids that exist and values drawn at random: these get past the schema to
 * the database, where a refusal (a 409, a 404, a 422) must still write nothing.
 */
function shapedBodies(known: Known): Record<string, fc.Arbitrary<unknown>> {
  const revision = fc.oneof(fc.constantFrom(...known.revisions), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constant(null));
  const segment = fc.oneof(fc.constantFrom(...known.segments), fc.integer({ min: 1, max: 2 ** 31 - 1 }));
  const language = fc.constantFrom("ru", "en", "de", "en-revised");
  const seen = { segmentId: fc.option(segment, { nil: undefined }), sourceRevisionId: fc.option(revision, { nil: undefined }) };
  return {
    "PUT /api/cells/[id]": fc.record({
      ...seen,
      text: fc.string({ maxLength: 200 }),
      baseRevisionId: revision,
      status: fc.option(fc.constantFrom("draft", "translated", "approved"), { nil: undefined }),
    }),
    "POST /api/cells/[id]/revert": fc.record({ ...seen, toRevisionId: revision, baseRevisionId: revision }),
    "POST /api/documents/[slug]/operations": fc.oneof(
      fc.record({ op: fc.constant("split"), segmentId: segment, languageCode: language, offset: fc.integer({ min: -5, max: 400 }) }),
      fc.record({ op: fc.constantFrom("merge", "delete", "restore"), segmentId: segment }),
      fc.record({ op: fc.constant("insert"), segmentId: segment, where: fc.constantFrom("above", "below") }),
      fc.record({ op: fc.constant("shift"), segmentId: segment, languageCode: language, direction: fc.constantFrom("up", "down") }),
      fc.record({ op: fc.constant("move"), segmentId: segment, toIndex: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ op: fc.constantFrom("undo", "redo"), changeId: fc.integer({ min: 1, max: 50 }) }),
    ),
    "POST /api/documents/[slug]/review": fc.record({
      decisions: fc.array(
        fc.record({
          cellId: fc.oneof(fc.constantFrom(...known.cells), fc.integer({ min: 1, max: 2 ** 31 - 1 })),
          revisionId: revision,
          verdict: fc.constantFrom("approve", "reject"),
          note: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  };
}

/** A JSON body: any JSON at all, an object of the API's field names, or such an object with its text cut, spliced or doubled. */
function bodies(known: string[]) {
  const object = fc.dictionary(fc.constantFrom(...FIELDS, "unknownField"), values(known), { maxKeys: 6 });
  const mutated = fc
    .tuple(object, fc.nat(), fc.nat(), fc.constantFrom("cut", "splice", "double"), fc.string({ maxLength: 3 }))
    .map(([body, at, length, how, inserted]) => {
      const text = JSON.stringify(body);
      const start = at % (text.length + 1);
      if (how === "cut") return text.slice(0, start);
      if (how === "double") return text + text.slice(start);
      return text.slice(0, start) + inserted + text.slice(start + (length % 4));
    });
  return fc.oneof(
    fc.json({ maxDepth: 3 }),
    object.map((body) => JSON.stringify(body)),
    mutated,
  );
}

describe("every API route that reads JSON, sent random and mutated bodies", () => {
  it("never answers 5xx, always within 2 s, and changes nothing when it refuses", { timeout: 900_000 }, async ({ db, world }) => {
    const stateOf = await stateQuery(db);
    const revisions = await db.revision.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 6 });
    const segments = await db.segment.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 6 });
    const cells = await db.cell.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 6 });
    const known: Known = {
      all: [...Object.values(world.params), ...[...revisions, ...segments].map((row) => String(row.id))],
      revisions: revisions.map((row) => row.id),
      segments: segments.map((row) => row.id),
      cells: cells.map((row) => row.id),
    };
    const shaped = shapedBodies(known);
    const endpoints = (await apiEndpoints()).filter(({ method, handler }) => UNSAFE.has(method) && (handler as SweptHandler).takesJson);
    expect(endpoints.length).toBeGreaterThan(15);
    const headers = { ...world.headers, "content-type": "application/json" };
    let refused = 0;
    for (const { route, method, handler } of endpoints) {
      const params = paramsOf(route, world);
      const shapedBody = shaped[`${method} ${route}`];
      const drawn = shapedBody
        ? fc.oneof(
            bodies(known.all),
            shapedBody.map((body) => JSON.stringify(body)),
          )
        : bodies(known.all);
      await fc.assert(
        fc.asyncProperty(drawn, async (body) => {
          const before = await stateOf();
          const started = performance.now();
          const answer = await requestOf(handler, { what: "random", method, path: urlOf(route, params), params, headers, body });
          const took = performance.now() - started;
          const said = `${method} ${route} ${body.slice(0, 200)} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
          expect(answer.status, said).toBeLessThan(500);
          expect(took, said).toBeLessThan(MAX_MS);
          if (answer.status >= 400) {
            refused += 1;
            expect((answer.body as { error?: { message?: string } }).error?.message, said).toBeTruthy();
            expect(await stateOf(), said).toBe(before);
          }
        }),
        { numRuns: RUNS },
      );
    }
    expect(Object.keys(shaped).every((key) => endpoints.some(({ method, route }) => `${method} ${route}` === key))).toBe(true);
    // Most random bodies are wrong; had nearly all been accepted, the property would have tested little.
    expect(refused).toBeGreaterThan((endpoints.length * RUNS) / 2);
  });
});
