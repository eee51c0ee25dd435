import { describe, expect } from "vitest";
import { addLanguage, updateLanguage } from "@/lib/documents/languages";
import { getDocument } from "@/lib/documents/queries";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { speechTest as it } from "../helpers/fixtures";

describe("language versions", () => {
  it("adds an empty column with a cell in every row", async ({ db }) => {
    const added = await addLanguage(db, SPEECH_SLUG, { code: "fr", label: "Français", provenance: "to be translated" });
    expect(added).toMatchObject({ code: "fr", isOriginal: false, position: 2 });
    const { languages, rowCount } = await getDocument(db, SPEECH_SLUG);
    expect(languages.map((language) => [language.code, language.filledCount])).toEqual([
      ["ru", 60],
      ["en", 60],
      ["fr", 0],
    ]);
    const { rows } = await getRows(db, SPEECH_SLUG, { languages: ["fr", "ru"], limit: 100 });
    expect(rows).toHaveLength(rowCount);
    expect(rows.every((row) => row.cells.fr?.text === "" && row.cells.fr.headRevisionId === null)).toBe(true);
  });

  it("refuses a language the document already has, and a malformed code", async ({ db }) => {
    await expect(addLanguage(db, SPEECH_SLUG, { code: "fr", label: "Again" })).rejects.toMatchObject({
      status: 409,
      code: "language_exists",
    });
    await expect(addLanguage(db, SPEECH_SLUG, { code: "French", label: "x" })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('code: must be a language tag like "ru"'),
    });
    await expect(addLanguage(db, "no-such-document", { code: "de", label: "Deutsch" })).rejects.toMatchObject({ status: 404 });
  });

  it("renames a language and rewrites its provenance note", async ({ db }) => {
    await updateLanguage(db, SPEECH_SLUG, "fr", { label: "French (draft)" });
    await updateLanguage(db, SPEECH_SLUG, "fr", { provenance: "Machine-free human translation, in progress" });
    const { languages } = await getDocument(db, SPEECH_SLUG);
    expect(languages.find((language) => language.code === "fr")).toMatchObject({
      label: "French (draft)",
      provenance: "Machine-free human translation, in progress",
    });
    await expect(updateLanguage(db, SPEECH_SLUG, "de", { label: "x" })).rejects.toMatchObject({ status: 404 });
    await expect(updateLanguage(db, SPEECH_SLUG, "fr", {})).rejects.toMatchObject({ status: 400 });
    await expect(updateLanguage(db, SPEECH_SLUG, "fr", { label: "  " })).rejects.toMatchObject({ status: 400 });
  });
});
