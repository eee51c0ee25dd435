import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { actorFrom, type Actor } from "@/lib/auth/actor";
import { getAppDb } from "@/lib/db/app-db";
import { signInHref } from "@/components/auth/paths";
import { isAppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n";

/**
 * Who is looking at a page (once per request): the signed-in person, or
 * null for a reader without an account (an ended session reads as one).
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  try {
    return await actorFrom(getAppDb(), await headers());
  } catch (error) {
    if (isAppError(error) && error.status === 401) return null;
    throw error;
  }
});

/** Sends a reader who is not signed in to the sign-in page, and back to `path` after. */
export async function requireSignIn(locale: Locale, path: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(signInHref(locale, path));
  return actor;
}
