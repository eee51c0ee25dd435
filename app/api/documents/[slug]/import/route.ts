import { getAppDb } from "@/lib/db/app-db";
import { ImportFileInput, readImport, writeImport } from "@/lib/documents/import-file";
import { parseInput } from "@/lib/validation";
import { progressResponse } from "../../../_lib/progress";
import { currentUser, route } from "../../../_lib/route";
import { readUpload } from "../../../_lib/upload";

/** A new language of the document from an uploaded file, aligned automatically; answers with a progress stream. */
export const POST = route<{ slug: string }>(async (request, { slug }) => {
  const user = await currentUser(request);
  const { file, fields } = await readUpload(request);
  const input = parseInput(
    ImportFileInput,
    { fileName: file.name, format: fields.format, into: { kind: "existing", slug, language: fields.language, label: fields.label } },
    "import",
  );
  const read = await readImport(getAppDb(), new Uint8Array(await file.arrayBuffer()), input);
  return progressResponse((onProgress) => writeImport(getAppDb(), read, { authorId: user.id, onProgress }));
});
