import { ImportFileInput, readImport, writeImport } from "@/lib/documents/import-file";
import { parseInput } from "@/lib/validation";
import { progressResponse } from "../../_lib/progress";
import { route, signedIn } from "../../_lib/route";
import { readUpload } from "../../_lib/upload";

/** A new document from an uploaded file (multipart, not JSON); answers with a progress stream (see docs/api.md). */
export const POST = route({ permission: "admin" }, async ({ db, request, actor }) => {
  const { file, fields } = await readUpload(request);
  const input = parseInput(
    ImportFileInput,
    {
      fileName: file.name,
      format: fields.format,
      into: { kind: "new", slug: fields.slug, title: fields.title, language: fields.language, label: fields.label },
    },
    "import",
  );
  const read = await readImport(db, new Uint8Array(await file.arrayBuffer()), input);
  const authorId = signedIn(actor).user.id;
  return progressResponse((onProgress) => writeImport(db, read, { authorId, onProgress }));
});
