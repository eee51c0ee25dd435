// Removing a language and changing its tag (issue #13): an admin's soft
// delete kept in history, undone and redone through the change log; the
// removed language gone from every view; its tag free to be added again.
import { describe, expect } from "vitest";
import { PUT as cellRoute } from "@/app/api/cells/[id]/route";
import { GET as changesRoute } from "@/app/api/documents/[slug]/changes/route";
import { GET as exportRoute } from "@/app/api/documents/[slug]/export/route";
import { DELETE as removeRoute, PATCH as languageRoute } from "@/app/api/documents/[slug]/languages/[code]/route";
import { POST as operationsRoute } from "@/app/api/documents/[slug]/operations/route";
import { GET as rowsRoute } from "@/app/api/documents/[slug]/rows/route";
import { getUser, setLanguageLimits } from "@/lib/auth/accounts";
import { saveCell } from "@/lib/cells/save-cell";
import { documentChecks } from "@/lib/documents/checks";
import { addLanguage, removeLanguage, renameLanguageTag } from "@/lib/documents/languages";
import { getDocument, listDocuments } from "@/lib/documents/queries";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { createSnapshot, diffDocument, getReviewQueue, readDocumentAt } from "@/lib/revisions";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { runCliInProcess } from "../helpers/cli";
import { servingRoutes, speechTest } from "../helpers/fixtures";
import { callJson, callRoute, type RouteRequest } from "../helpers/routes";
import { redoLatest, undoLatest } from "../helpers/undo";

type Headers = Record<string, string>;

const it = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("admin", { scope: "file" }, async ({ db }) => addPerson(db, "ada", "admin", { name: "Ada Admin" }))
  .extend("asAdmin", { scope: "file" }, async ({ db, admin }) => tokenHeaders(db, admin))
  .extend("asReviewer", { scope: "file" }, async ({ db }) => tokenHeaders(db, await addPerson(db, "rita", "reviewer")));

const at = (code: string, request: Omit<RouteRequest, "params" | "path"> = {}) => ({
  path: `/api/documents/${SPEECH_SLUG}/languages/${code}`,
  params: { slug: SPEECH_SLUG, code },
  ...request,
});
const remove = (code: string, headers?: Headers) => callJson(removeRoute, at(code, { method: "DELETE", headers }));
const patch = (code: string, body: unknown, headers?: Headers) => callJson(languageRoute, at(code, { method: "PATCH", headers, body }));
const operate = (body: unknown, headers: Headers) =>
  callJson(operationsRoute, {
    method: "POST",
    path: `/api/documents/${SPEECH_SLUG}/operations`,
    params: { slug: SPEECH_SLUG },
    headers,
    body,
  });
const codes = async (db: Parameters<typeof getDocument>[0]) =>
  (await getDocument(db, SPEECH_SLUG)).languages.map((language) => language.code);

describe("removing a language", () => {
  it("is for admins only, and never the original", async ({ db, asReviewer, asAdmin }) => {
    await addLanguage(db, SPEECH_SLUG, { code: "fr", label: "Français" });
    expect(await remove("fr")).toMatchObject({ status: 401 });
    expect(await remove("fr", asReviewer)).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(await patch("fr", { code: "fr-CA" }, asReviewer)).toMatchObject({ status: 403 });
    const original = await remove("ru", asAdmin);
    expect(original).toMatchObject({ status: 409, body: { error: { code: "original_language" } } });
    expect(original.body.error!.message).toContain("(ru) is the original");
    expect(await remove("de", asAdmin)).toMatchObject({ status: 404, body: { error: { code: "language_not_found" } } });
    expect(await codes(db)).toEqual(["ru", "en", "fr"]);
  });

  it("hides the language everywhere, keeps its cells, and undo brings it back whole", async ({ db, documentId, admin, asAdmin }) => {
    const before = await getRows(db, SPEECH_SLUG, { languages: ["en"], limit: 500 });
    const snapshot = await createSnapshot(db, { documentId, name: "before removal", authorId: admin.id });

    const removed = await remove("en", asAdmin);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ language: { code: "en", label: expect.any(String) } });
    const changeId = removed.body.changeId as number;
    expect(changeId).toBeGreaterThan(0);

    // Gone from the document, its rows, the list of documents, exports, review and the comparison of versions now.
    expect(await codes(db)).toEqual(["ru", "fr"]);
    const rows = await callJson(rowsRoute, { path: `/api/documents/${SPEECH_SLUG}/rows?limit=5`, params: { slug: SPEECH_SLUG } });
    expect(Object.keys((rows.body.rows as { cells: object }[])[0]!.cells).sort()).toEqual(["fr", "ru"]);
    await expect(getRows(db, SPEECH_SLUG, { languages: ["en"], limit: 5 })).rejects.toMatchObject({ status: 404 });
    const listed = (await listDocuments(db)).find((document) => document.slug === SPEECH_SLUG)!;
    expect(listed.languages.map((language) => language.code)).toEqual(["ru", "fr"]);
    const csv = await callRoute(exportRoute, { path: `/api/documents/${SPEECH_SLUG}/export?format=csv`, params: { slug: SPEECH_SLUG } });
    expect(csv.status).toBe(200);
    const header = (await csv.text()).split("\n")[0]!;
    expect(header).toContain("ru");
    expect(header).not.toMatch(/\ben\b/);
    const tmx = await callRoute(exportRoute, {
      path: `/api/documents/${SPEECH_SLUG}/export?format=tmx&languages=ru,en`,
      params: { slug: SPEECH_SLUG },
    });
    expect(tmx.status).toBe(404);
    await expect(getReviewQueue(db, { documentId, languages: ["en"] })).rejects.toMatchObject({ status: 404 });
    const now = await readDocumentAt(db, { documentId, at: { time: new Date() } });
    expect(now.languages.map((language) => language.code)).toEqual(["ru", "fr"]);

    // A cell of the removed language is gone too, for routes that name it.
    const hiddenCell = before.rows[0]!.cells.en!;
    const save = await callJson(cellRoute, {
      method: "PUT",
      path: `/api/cells/${hiddenCell.id}`,
      params: { id: String(hiddenCell.id) },
      headers: asAdmin,
      body: { text: "Written into a removed language", baseRevisionId: hiddenCell.headRevisionId },
    });
    expect(save.status).toBe(404);

    // A snapshot taken before the removal still shows the language as it was.
    const then = await readDocumentAt(db, { documentId, at: { snapshotId: snapshot.id } });
    expect(then.languages.map((language) => language.code)).toEqual(["ru", "en", "fr"]);
    expect(then.rows[0]!.cells.en!.text).toBe(before.rows[0]!.cells.en!.text);
    const diff = await diffDocument(db, { documentId, from: { snapshotId: snapshot.id }, to: "now" });
    expect(diff.languages.map((language) => language.code)).toContain("en");

    // The change log names the removal, and undo (as the change log offers it) brings the language back with every cell.
    const changes = await callJson(changesRoute, { path: `/api/documents/${SPEECH_SLUG}/changes`, params: { slug: SPEECH_SLUG } });
    expect(changes.body.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: changeId, kind: "language_remove", reverted: false })]),
    );
    expect(changes.body.undo).toMatchObject({ id: changeId, summary: { operation: "language_remove", languageCode: "en" } });
    const undone = await operate({ op: "undo", changeId }, asAdmin);
    expect(undone).toMatchObject({ status: 200, body: { result: { revertsId: changeId, operation: "language_remove" } } });
    expect(await codes(db)).toEqual(["ru", "en", "fr"]);
    const after = await getRows(db, SPEECH_SLUG, { languages: ["en"], limit: 500 });
    // The cells as they were (their checks may have been brought up to date meanwhile: a page does not wait for that).
    const cellsOf = (page: typeof before) =>
      page.rows.map(
        ({ cells: { en } }) =>
          en && { id: en.id, text: en.text, status: en.status, headRevisionId: en.headRevisionId, version: en.version },
      );
    expect(cellsOf(after)).toEqual(cellsOf(before));

    // Redo takes it away again; undo once more brings it back.
    const redone = await redoLatest(db, { documentId, authorId: admin.id });
    expect(redone.operation).toBe("language_remove");
    expect(await codes(db)).toEqual(["ru", "fr"]);
    await undoLatest(db, { documentId, authorId: admin.id });
    expect(await codes(db)).toEqual(["ru", "en", "fr"]);
  });

  it("frees the tag: adding it again makes a new, empty language, and undoing the removal is then refused", async ({
    db,
    documentId,
    admin,
  }) => {
    const { changeId } = await removeLanguage(db, SPEECH_SLUG, "fr", { authorId: admin.id });
    const again = await addLanguage(db, SPEECH_SLUG, { code: "fr", label: "Français (new)" });
    expect((await getDocument(db, SPEECH_SLUG)).languages.find((language) => language.code === "fr")).toMatchObject({
      id: again.id,
      label: "Français (new)",
      filledCount: 0,
    });
    // Adding a language is not an entry of the change log: undo still names the removal, and refuses it.
    await expect(undoLatest(db, { documentId, authorId: admin.id })).rejects.toMatchObject({
      status: 409,
      code: "language_tag_taken",
      message: expect.stringContaining("the tag fr again, which the document's Français (new) has had since"),
    });
    const removedAgain = await removeLanguage(db, SPEECH_SLUG, "fr", { authorId: admin.id });
    expect(removedAgain.changeId).toBeGreaterThan(changeId);
    expect(await codes(db)).toEqual(["ru", "en"]);
  });

  it("takes its failing checks out of the document's checks", async ({ db, admin }) => {
    await addLanguage(db, SPEECH_SLUG, { code: "pt", label: "Português", copyFrom: "en" }, { authorId: admin.id });
    const cell = (await getRows(db, SPEECH_SLUG, { languages: ["pt"], limit: 1 })).rows[0]!.cells.pt!;
    await saveCell(db, cell.id, { text: `${cell.text} 98765`, baseRevisionId: cell.headRevisionId }, { authorId: admin.id });
    expect((await documentChecks(db, SPEECH_SLUG)).some((check) => check.language === "pt")).toBe(true);
    await removeLanguage(db, SPEECH_SLUG, "pt", { authorId: admin.id });
    expect((await documentChecks(db, SPEECH_SLUG)).some((check) => check.language === "pt")).toBe(false);
    await expect(documentChecks(db, SPEECH_SLUG, "pt")).rejects.toMatchObject({ status: 404, code: "language_not_found" });
  });

  it("ends the limits of people limited to it, without freeing someone limited to it alone", async ({ db, admin }) => {
    await addLanguage(db, SPEECH_SLUG, { code: "de", label: "Deutsch" });
    await addPerson(db, "tim", "translator");
    await setLanguageLimits(db, "tim", SPEECH_SLUG, ["en", "de"]);
    const una = await addPerson(db, "una", "translator");
    await setLanguageLimits(db, "una", SPEECH_SLUG, ["de"]);
    await removeLanguage(db, SPEECH_SLUG, "de", { authorId: admin.id });
    expect((await getUser(db, "tim")).languageLimits[SPEECH_SLUG]).toEqual(["en"]);
    expect((await getUser(db, "una")).languageLimits[SPEECH_SLUG]).toBeUndefined();
    // Una was limited to German alone: she is not free to edit the rest now.
    const cell = (await getRows(db, SPEECH_SLUG, { languages: ["en"], limit: 1 })).rows[0]!.cells.en!;
    const save = await callJson(cellRoute, {
      method: "PUT",
      path: `/api/cells/${cell.id}`,
      params: { id: String(cell.id) },
      headers: await tokenHeaders(db, una),
      body: { text: "Not hers to write", baseRevisionId: cell.headRevisionId },
    });
    expect(save).toMatchObject({ status: 403, body: { error: { code: "language_not_allowed" } } });
    expect(save.body.error!.message).toContain("the languages you were limited to have been removed");
  });
});

describe("changing a language's tag", () => {
  it("renames the tag through PATCH, keeping label and provenance, undoably", async ({ db, documentId, admin, asAdmin }) => {
    await addLanguage(db, SPEECH_SLUG, { code: "es", label: "Español", provenance: "a draft" });
    const renamed = await patch("es", { code: "es-MX" }, asAdmin);
    expect(renamed).toMatchObject({ status: 200, body: { code: "es-MX", label: "Español", provenance: "a draft" } });
    expect(await codes(db)).toContain("es-MX");
    expect(await codes(db)).not.toContain("es");
    // The tag is written in its canonical form.
    expect(await patch("es-MX", { code: "ES_mx-Revised" }, asAdmin)).toMatchObject({ status: 200, body: { code: "es-MX-revised" } });
    await undoLatest(db, { documentId, authorId: admin.id });
    expect(await codes(db)).toContain("es-MX");
    await undoLatest(db, { documentId, authorId: admin.id });
    expect(await codes(db)).toContain("es");
    await redoLatest(db, { documentId, authorId: admin.id });
    expect(await codes(db)).toContain("es-MX");
  });

  it("refuses a malformed tag, one the document has, and an undo whose old tag was taken", async ({ db, documentId, admin, asAdmin }) => {
    const malformed = await patch("es-MX", { code: "Spanish!" }, asAdmin);
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: "invalid_input" } } });
    expect(malformed.body.error!.message).toContain('code: must be a language tag like "ru"');
    expect(await patch("es-MX", { code: "en" }, asAdmin)).toMatchObject({ status: 409, body: { error: { code: "language_exists" } } });
    await expect(renameLanguageTag(db, SPEECH_SLUG, "es-MX", "es-MX", { authorId: admin.id })).rejects.toMatchObject({
      status: 400,
      code: "language_tag_unchanged",
    });
    // es-MX became es-AR; a new es-MX came; undoing the rename would need es-MX back.
    await renameLanguageTag(db, SPEECH_SLUG, "es-MX", "es-AR", { authorId: admin.id });
    await addLanguage(db, SPEECH_SLUG, { code: "es-MX", label: "Mexican" });
    await expect(undoLatest(db, { documentId, authorId: admin.id })).rejects.toMatchObject({ status: 409, code: "language_tag_taken" });
  });
});

describe("wb language", () => {
  it("removes a language and changes a tag, with --json, and wb status no longer lists the removed one", async ({ db, url }) => {
    await addLanguage(db, SPEECH_SLUG, { code: "it", label: "Italiano" });
    const renamed = await runCliInProcess(url, ["language", "rename", SPEECH_SLUG, "it", "it-CH", "--json"]);
    expect(renamed.code, renamed.err.join("\n")).toBe(0);
    expect(JSON.parse(renamed.out.join(""))).toEqual({ changeId: expect.any(Number), language: { code: "it-CH", label: "Italiano" } });

    const status = async () => (await runCliInProcess(url, ["status"])).out.find((line) => line.includes(SPEECH_SLUG))!;
    expect(await status()).toMatch(/; .*\bit-CH\b/);
    const removed = await runCliInProcess(url, ["language", "remove", SPEECH_SLUG, "it-CH"]);
    expect(removed.code, removed.err.join("\n")).toBe(0);
    expect(removed.out.join("\n")).toMatch(/^Removed Italiano \(it-CH\) from .*; undo change #\d+ from the document's change log/);
    expect(await status()).not.toContain("it-CH");

    const original = await runCliInProcess(url, ["language", "remove", SPEECH_SLUG, "ru", "--json"]);
    expect(original.code).not.toBe(0);
    expect(original.err.join("\n")).toContain("is the original");
  });
});
