import { getAppDb } from "@/lib/db/app-db";
import { UpdateLanguageInput, updateLanguage } from "@/lib/documents/languages";
import { parseInput } from "@/lib/validation";
import { currentUser, readJson, route } from "../../../../_lib/route";

export const PATCH = route<{ slug: string; code: string }>(async (request, { slug, code }) => {
  const input = parseInput(UpdateLanguageInput, await readJson(request), "language change");
  await currentUser(request);
  return updateLanguage(getAppDb(), slug, code, input);
});
