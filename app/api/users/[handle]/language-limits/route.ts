import { z } from "zod";
import { setLanguageLimits } from "@/lib/auth/accounts";
import { LanguageLimitsInput } from "@/lib/auth/admin";
import { route } from "../../../_lib/route";

/** The languages of one document the user may edit; an empty list lifts the limit there. */
export const PUT = route(
  { permission: "admin", params: z.object({ handle: z.string() }), body: LanguageLimitsInput },
  async ({ db, params, body }) => ({ user: await setLanguageLimits(db, params.handle, body.document, body.languages) }),
);
