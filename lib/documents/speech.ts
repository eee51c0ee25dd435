import { readFile } from "node:fs/promises";
import path from "node:path";
import { splitParagraphs } from "../align/paragraphs";
import type { Db } from "../db/client";
import { isAppError } from "../errors";
import { projectRoot } from "../paths";
import { ensureSystemUser } from "../users";
import { createDocument, type CreateDocumentInput } from "./create-document";

/** The first document: the speech at the Interior Ministry Board, 3 March 2021 (data/speech). */
export const SPEECH_SLUG = "interior-ministry-board-2021-03-03";

const speechDir = path.join(projectRoot, "data", "speech");

export async function readSpeech(): Promise<CreateDocumentInput> {
  const [ru, en] = await Promise.all(["ru.txt", "en.txt"].map((file) => readFile(path.join(speechDir, file), "utf8")));
  return {
    slug: SPEECH_SLUG,
    title: "Расширенное заседание коллегии МВД России, 3 марта 2021 года",
    languages: [
      {
        code: "ru",
        label: "Русский",
        isOriginal: true,
        status: "draft",
        provenance:
          "Working Russian text prepared by this project from the Kremlin's English transcript, paragraph by paragraph. " +
          "The official Russian original could not be obtained; this is a back-translation, not the words actually spoken, " +
          "and is to be replaced by the original by updating the language from a file (wb import FILE --into SLUG --language ru --update).",
        paragraphs: splitParagraphs(ru!),
      },
      {
        code: "en",
        label: "English",
        isOriginal: false,
        status: "translated",
        provenance:
          "The Kremlin's English transcript (kremlin.ru, 3 March 2021), CC BY 4.0; web page chrome removed, 60 paragraphs word for word.",
        paragraphs: splitParagraphs(en!),
      },
    ],
  };
}

/** Loads the speech once; running it again changes nothing. */
export async function seedSpeech(db: Db): Promise<{ created: boolean }> {
  if (await db.document.findUnique({ where: { slug: SPEECH_SLUG }, select: { id: true } })) {
    return { created: false };
  }
  const system = await ensureSystemUser(db);
  try {
    // The speech is readable without an account, so a first visit shows it at once.
    await createDocument(db, { ...(await readSpeech()), publicRead: true }, { authorId: system.id });
    return { created: true };
  } catch (error) {
    // Another process seeded it between our check and our insert.
    if (isAppError(error) && error.code === "document_exists") return { created: false };
    throw error;
  }
}
