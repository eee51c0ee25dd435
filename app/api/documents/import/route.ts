import { NextRequest } from "next/server";
import { ImportFileInput, readImport, writeImport } from "@/lib/documents/import-file";
import { readUploadBody } from "@/lib/formats";
import { parseInput } from "@/lib/validation";
import { progressResponse } from "../../_lib/progress";
import { route, signedIn } from "../../_lib/route";
import { readUpload } from "../../_lib/upload";

/** A new document from an uploaded file (multipart, not JSON); answers with a progress stream (see docs/api.md). */
export const POST = route({ permission: "admin" }, async ({ db, request, actor }) => {
  // Counted as it arrives (chunked or not), then read as the form it is.
  const body = await readUploadBody(request);
  const { file, fields } = await readUpload(new NextRequest(request.url, { method: request.method, headers: request.headers, body }));
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
