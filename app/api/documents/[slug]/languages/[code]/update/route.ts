import { NextRequest } from "next/server";
import { z } from "zod";
import { languageScope } from "@/lib/auth/access";
import type { Db } from "@/lib/db/client";
import { readImport } from "@/lib/documents/import-file";
import { applyFileUpdate, fileUpdateParagraphs, previewFileUpdate } from "@/lib/documents/update-language";
import { readUploadBody } from "@/lib/formats";
import { parseInput } from "@/lib/validation";
import { route, signedIn } from "../../../../../_lib/route";
import { readUpload } from "../../../../../_lib/upload";

const languageInUrl = ({ slug, code }: { slug: string; code: string }, db: Db) => languageScope(db, slug, code);

/** `?preview=1` answers what the update would do and writes nothing. */
const Query = z.object({ preview: z.enum(["1"]).optional() }).strict();

/** The form's fields besides the file (multipart sends text). */
const Fields = z.object({
  format: z.string().optional(),
  /** "true": empty the cells the file lacks. */
  emptyMissing: z.enum(["true", "false"]).default("false"),
  /** Cell ids to leave as they are, comma-separated. */
  exclude: z
    .string()
    .regex(/^\d+(,\d+)*$/, "must be cell ids separated by commas")
    .optional()
    .transform((value) => (value ? value.split(",").map(Number) : [])),
  /** The preview's fingerprint: refused (409) if the language changed since. */
  expected: z.string().optional(),
  /** JSON: [{"cell": ID, "text": "…"}], the text chosen for each conflict the preview listed. */
  resolutions: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return [];
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: 'must be JSON: [{"cell": ID, "text": "…"}]' });
        return z.NEVER;
      }
    }),
});

/**
 * Updates the language from a revised file of it (multipart: `file`, and
 * `format`, `emptyMissing`, `exclude`, `expected`, `resolutions`): each
 * changed cell one revision, new paragraphs in new rows, one entry of the
 * change log; cells edited since a TMX, XLIFF or CSV export are merged
 * three-way, conflicts left unless resolved. With `?preview=1`, only what it
 * would do, with each change's word diff and the conflicts.
 */
export const POST = route(
  { permission: "translator", scope: languageInUrl, query: Query },
  async ({ db, params, request, query, actor }) => {
    const body = await readUploadBody(request);
    const { file, fields: raw } = await readUpload(
      new NextRequest(request.url, { method: request.method, headers: request.headers, body }),
    );
    const fields = parseInput(Fields, raw, "form");
    const read = await readImport(db, new Uint8Array(await file.arrayBuffer()), {
      fileName: file.name,
      format: fields.format as never,
      into: { kind: "existing", slug: params.slug, language: params.code },
    });
    if (read.kind !== "existing") throw new Error("readImport answered a new document for an existing one");
    const input = {
      slug: params.slug,
      code: params.code,
      ...fileUpdateParagraphs(read),
      fileName: read.fileName,
      emptyMissing: fields.emptyMissing === "true",
      exclude: fields.exclude,
      ...(fields.expected !== undefined ? { expected: fields.expected } : {}),
      resolutions: fields.resolutions as never,
    };
    if (query.preview) return previewFileUpdate(db, input);
    return applyFileUpdate(db, input, { authorId: signedIn(actor).user.id });
  },
);
