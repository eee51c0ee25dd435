import { NextResponse } from "next/server";
import { AddLanguageInput, addLanguage } from "@/lib/documents/languages";
import { documentInUrl, route } from "../../../_lib/route";

/** Adds an empty language version (a column). */
export const POST = route({ permission: "admin", scope: documentInUrl, body: AddLanguageInput }, async ({ db, params, body }) =>
  NextResponse.json(await addLanguage(db, params.slug, body), { status: 201 }),
);
