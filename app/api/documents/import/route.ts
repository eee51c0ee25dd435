import { getAppDb } from "@/lib/db/app-db";
import { ImportFileInput, readImport, writeImport } from "@/lib/documents/import-file";
import { parseInput } from "@/lib/validation";
import { progressResponse } from "../../_lib/progress";
import { currentUser, route } from "../../_lib/route";
import { readUpload } from "../../_lib/upload";

/** A new document from an uploaded file; answers with a progress stream (see docs/api.md). */
export const POST = route(async (request) => {
  const user = await currentUser(request);
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
  const read = await readImport(getAppDb(), new Uint8Array(await file.arrayBuffer()), input);
  return progressResponse((onProgress) => writeImport(getAppDb(), read, { authorId: user.id, onProgress }));
});
