import type { Db } from "../lib/db/client";
import { createDocument } from "../lib/documents/create-document";
import { readSpeech } from "../lib/documents/speech";
import { ensureSystemUser } from "../lib/users";

/**
 * A long synthetic document for benchmarks: the speech's paragraphs repeated
 * (numbered, so no two rows are equal) in Russian, English and a third
 * column made from the English text.
 */
export async function buildLargeDocument(db: Db, options: { slug: string; rows: number }) {
  const speech = await readSpeech();
  const [ru, en] = speech.languages.map((language) => language.paragraphs);
  const pick = (paragraphs: string[], row: number) => `${paragraphs[row % paragraphs.length]} [${row + 1}]`;
  const rows = Array.from({ length: options.rows }, (_, row) => row);
  const system = await ensureSystemUser(db);
  return createDocument(
    db,
    {
      slug: options.slug,
      title: `Benchmark: ${options.rows} rows × 3 languages`,
      languages: [
        {
          code: "ru",
          label: "Русский",
          isOriginal: true,
          provenance: "Synthetic benchmark text",
          paragraphs: rows.map((row) => pick(ru!, row)),
        },
        {
          code: "en",
          label: "English",
          isOriginal: false,
          provenance: "Synthetic benchmark text",
          paragraphs: rows.map((row) => pick(en!, row)),
        },
        {
          code: "fr",
          label: "Français",
          isOriginal: false,
          provenance: "Synthetic benchmark text",
          paragraphs: rows.map((row) => pick(en!, row).split(" ").reverse().join(" ")),
        },
      ],
    },
    { authorId: system.id },
  );
}
