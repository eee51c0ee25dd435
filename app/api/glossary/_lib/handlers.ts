// The glossary endpoints' handlers, alike for the shared glossary
// (/api/glossary) and a document's (/api/documents/:slug/glossary): only the
// glossary named and who may change it (declared in each route file) differ.
import { NextRequest } from "next/server";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { readUploadBody } from "@/lib/formats";
import {
  addGlossaryTerm,
  exportGlossary,
  importGlossary,
  listGlossary,
  removeGlossaryTerm,
  updateGlossaryTerm,
  type GlossaryName,
  type GlossaryTermChange,
  type GlossaryTermInput,
} from "@/lib/glossary";
import { jsonResponse, parseId, signedIn } from "../../_lib/route";
import { readUpload } from "../../_lib/upload";

/** What the handlers read of a route's context. */
interface Context<Body = unknown, Query = unknown> {
  db: Db;
  params: Record<string, string>;
  body: Body;
  query: Query;
  actor: Actor | null;
  request: NextRequest;
}

/** Which glossary a URL names. */
type GlossaryOf = (params: Record<string, string>) => GlossaryName;
export const sharedGlossary: GlossaryOf = () => ({});
export const documentGlossary: GlossaryOf = (params) => ({ slug: params.slug! });

/** The URL's term id, for the routes without a document scope to type it. */
export const TermParams = z.object({ id: z.string() });

export const listTerms =
  (glossaryOf: GlossaryOf) =>
  async ({ db, params }: Context) => ({ terms: await listGlossary(db, glossaryOf(params)) });

export const addTerm =
  (glossaryOf: GlossaryOf) =>
  async ({ db, params, body, actor }: Context<GlossaryTermInput>) =>
    jsonResponse({ term: await addGlossaryTerm(db, glossaryOf(params), body, signedIn(actor).user.id) }, { status: 201 });

export const changeTerm =
  (glossaryOf: GlossaryOf) =>
  async ({ db, params, body }: Context<GlossaryTermChange>) => ({
    term: await updateGlossaryTerm(db, glossaryOf(params), parseId(params.id!, "glossary_term"), body),
  });

export const removeTerm =
  (glossaryOf: GlossaryOf) =>
  async ({ db, params }: Context) => {
    await removeGlossaryTerm(db, glossaryOf(params), parseId(params.id!, "glossary_term"));
    return { removed: true };
  };

/** A CSV or TBX file (multipart: `file`, optional `format` csv|tbx and `rename` like "xx=ru"), read whole before anything is written. */
export const importTerms =
  (glossaryOf: GlossaryOf) =>
  async ({ db, params, request, actor }: Context) => {
    // Counted as it arrives (chunked or not), then read as the form it is.
    const body = await readUploadBody(request);
    const { file, fields } = await readUpload(new NextRequest(request.url, { method: request.method, headers: request.headers, body }));
    const bytes = new Uint8Array(await file.arrayBuffer());
    const input = { fileName: file.name, format: fields.format as never, rename: fields.rename };
    return { result: await importGlossary(db, glossaryOf(params), bytes, input, signedIn(actor).user.id) };
  };

/** Strings as the URL has them; exportGlossary names what is wrong. */
export const ExportQuery = z.object({ format: z.string().optional() });

/** ?format=csv|tbx: the glossary as a file to download. */
export const exportTerms =
  (glossaryOf: GlossaryOf) =>
  async ({ db, params, query }: Context<unknown, z.infer<typeof ExportQuery>>) => {
    const file = await exportGlossary(db, glossaryOf(params), { format: query.format });
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        "cache-control": "no-store",
      },
    });
  };
