import { z } from "zod";
import { assertMayEditLanguages, languageScope } from "@/lib/auth/access";
import { realignLanguage } from "@/lib/documents/realign-language";
import { progressResponse } from "../../../_lib/progress";
import { documentInUrl, route, signedIn } from "../../../_lib/route";

/** Realigns one language from the first unconfirmed row (only that language's text moves); answers with a progress stream. */
export const POST = route(
  { permission: "translator", scope: documentInUrl, body: z.object({ language: z.string() }) },
  async ({ db, params, scope, body, actor }) => {
    const author = signedIn(actor);
    const { languageId } = await languageScope(db, params.slug, body.language);
    await assertMayEditLanguages(db, author, scope!.documentId, [languageId!]);
    return progressResponse((onProgress) =>
      realignLanguage(db, { documentId: scope!.documentId, languageCode: body.language, authorId: author.user.id }, { onProgress }),
    );
  },
);
