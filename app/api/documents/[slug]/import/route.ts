import { NextRequest } from "next/server";
import { ImportFileInput, readImport, writeImport } from "@/lib/documents/import-file";
import { readUploadBody } from "@/lib/formats";
import { parseInput } from "@/lib/validation";
import { progressResponse } from "../../../_lib/progress";
import { documentInUrl, route, signedIn } from "../../../_lib/route";
import { readUpload } from "../../../_lib/upload";

/** A new language of the document from an uploaded file (multipart, not JSON), aligned automatically; answers with a progress stream. */
export const POST = route({ permission: "admin", scope: documentInUrl }, async ({ db, params, request, actor }) => {
  // Counted as it arrives (chunked or not), then read as the form it is.
  const body = await readUploadBody(request);
  const { file, fields } = await readUpload(new NextRequest(request.url, { method: request.method, headers: request.headers, body }));
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
