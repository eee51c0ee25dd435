import { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { getDocument } from "@/lib/documents/queries";
import { realignLanguage } from "@/lib/documents/realign-language";
import { parseInput } from "@/lib/validation";
import { progressResponse } from "../../../_lib/progress";
import { currentUser, readJson, route } from "../../../_lib/route";

/** Realigns one language from the first unconfirmed row; answers with a progress stream. */
export const POST = route<{ slug: string }>(async (request, { slug }) => {
  const { language } = parseInput(z.object({ language: z.string() }), await readJson(request), "realignment");
  const user = await currentUser(request);
  const { document } = await getDocument(getAppDb(), slug);
  return progressResponse((onProgress) =>
    realignLanguage(getAppDb(), { documentId: document.id, languageCode: language, authorId: user.id }, { onProgress }),
  );
});
