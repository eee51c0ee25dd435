import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { MAX_IMPORT_BYTES } from "@/lib/formats";

/** An uploaded file and the other fields of a multipart form, the file size checked before it is read. */
export async function readUpload(request: NextRequest): Promise<{ file: File; fields: Record<string, string> }> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_IMPORT_BYTES + 64 * 1024) {
    throw new AppError("file_too_large", `The file is larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB an import takes`, {
      status: 413,
    });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    throw new AppError("invalid_form", `Send the file as multipart/form-data with a "file" field: ${(error as Error).message}`, {
      status: 400,
    });
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("file_missing", 'The form has no "file" field holding a file', { status: 400 });
  if (file.size > MAX_IMPORT_BYTES) {
    throw new AppError(
      "file_too_large",
      `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; an import takes at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
      {
        status: 413,
      },
    );
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && value !== "") fields[key] = value;
  return { file, fields };
}
