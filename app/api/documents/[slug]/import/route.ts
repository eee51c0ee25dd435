import { ImportFileInput, readImport, writeImport } from "@/lib/documents/import-file";
import { parseInput } from "@/lib/validation";
import { progressResponse } from "../../../_lib/progress";
import { documentInUrl, route, signedIn } from "../../../_lib/route";
import { readUpload } from "../../../_lib/upload";

/** A new language of the document from an uploaded file (multipart, not JSON), aligned automatically; answers with a progress stream. */
export const POST = route({ permission: "admin", scope: documentInUrl }, async ({ db, params, request, actor }) => {
  const { file, fields } = await readUpload(request);
  const input = parseInput(
    ImportFileInput,
    {
      fileName: file.name,
      format: fields.format,
      into: { kind: "existing", slug: params.slug, language: fields.language, label: fields.label },
    },
    "import",
  );
  const read = await readImport(db, new Uint8Array(await file.arrayBuffer()), input);
  const authorId = signedIn(actor).user.id;
  return progressResponse((onProgress) => writeImport(db, read, { authorId, onProgress }));
});
