import { NextResponse } from "next/server";
import { getAppDb } from "@/lib/db/app-db";
import { AddLanguageInput, addLanguage } from "@/lib/documents/languages";
import { parseInput } from "@/lib/validation";
import { currentUser, readJson, route } from "../../../_lib/route";

export const POST = route<{ slug: string }>(async (request, { slug }) => {
  const input = parseInput(AddLanguageInput, await readJson(request), "language");
  await currentUser(request);
  return NextResponse.json(await addLanguage(getAppDb(), slug, input), { status: 201 });
});
