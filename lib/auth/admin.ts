// What an admin does to other people's accounts, with the one rule the
// account functions cannot know: who is asking. An admin may not disable or
// demote themselves, so the app always keeps an admin who can sign in.
import { z } from "zod";
import type { Db } from "../db/client";
import { UserRole } from "../db/generated/enums";
import { DocumentSlug } from "../documents/create-document";
import { AppError } from "../errors";
import { LanguageCode } from "../schemas";
import { parseInput } from "../validation";
import { setDisabled, setRole, type UserSummary, getUser } from "./accounts";

export const UpdateUserInput = z
  .object({ role: z.enum(UserRole).optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((input) => input.role !== undefined || input.disabled !== undefined, "name a role, disabled, or both");
export type UpdateUserInput = z.input<typeof UpdateUserInput>;

export const LanguageLimitsInput = z.object({
  /** The document's slug. */
  document: DocumentSlug,
  /** The languages the user may edit there; an empty list lifts the limit. */
  languages: z.array(LanguageCode).max(100),
});
export type LanguageLimitsInput = z.input<typeof LanguageLimitsInput>;

/** Changes a user's role and/or whether they are disabled, on behalf of the admin `byUserId`. */
export async function updateUser(db: Db, byUserId: number, handle: string, rawInput: UpdateUserInput): Promise<UserSummary> {
  const input = parseInput(UpdateUserInput, rawInput, "user change");
  const user = await getUser(db, handle);
  if (user.id === byUserId) {
    if (input.disabled) {
      throw new AppError("cannot_disable_self", "You cannot disable your own account: another admin must do it", { status: 409 });
    }
    if (input.role !== undefined && input.role !== "admin") {
      throw new AppError("cannot_demote_self", "You cannot give up the admin role yourself: another admin must change it", { status: 409 });
    }
  }
  if (input.role !== undefined) await setRole(db, handle, input.role);
  if (input.disabled !== undefined) await setDisabled(db, handle, input.disabled);
  return getUser(db, handle);
}
