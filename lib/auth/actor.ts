import { AppError } from "../errors";
import type { Db } from "../db/client";
import type { UserRole } from "../db/generated/enums";
import { authFor } from "./better-auth";
import { lowerRole } from "./roles";
import { hashSecret } from "./secrets";

/** Who is making a request, and with what rights. */
export interface Actor {
  user: { id: number; handle: string; name: string; email: string | null; role: UserRole };
  /** The role this request acts with: the user's, or lower for a token made so. */
  role: UserRole;
  /** How the request proved it: a session cookie (needs CSRF checks) or an API token. */
  via: "session" | "token";
  tokenId?: number;
}

const userFields = { id: true, handle: true, name: true, email: true, role: true, kind: true, disabledAt: true } as const;

const BEARER = /^Bearer\s+(\S+)$/i;

// Writing lastUsedAt on every call would turn each read into a write; a minute is precise enough to show.
const LAST_USE_PRECISION_MS = 60_000;

/**
 * The actor of a request: an API token (`Authorization: Bearer …`) or a
 * session cookie; null when neither is sent. A token or session that is
 * sent but no longer valid (revoked, expired, user disabled) is a 401, not
 * a silent fall back to anonymous, so a script learns its token is dead.
 */
export async function actorFrom(db: Db, headers: Headers): Promise<Actor | null> {
  const authorization = headers.get("authorization");
  if (authorization) return tokenActor(db, authorization);
  const session = await authFor(db).api.getSession({ headers, query: { disableCookieCache: true } });
  if (!session) {
    if (hasSessionCookie(headers)) throw new AppError("session_expired", "Your sign-in has ended: sign in again", { status: 401 });
    return null;
  }
  const user = session.user;
  if (user.disabledAt || user.kind !== "human") {
    throw new AppError("user_disabled", "This account is disabled", { status: 401 });
  }
  const role = user.role as UserRole;
  return {
    user: publicUser({ id: Number(user.id), handle: String(user.username), name: user.name, email: user.email, role }),
    role,
    via: "session",
  };
}

export function hasSessionCookie(headers: Headers): boolean {
  return /(?:^|;\s*)(?:__Secure-)?parallel\.session_token=/.test(headers.get("cookie") ?? "");
}

async function tokenActor(db: Db, authorization: string): Promise<Actor> {
  const token = BEARER.exec(authorization)?.[1];
  if (!token) throw new AppError("token_invalid", "The Authorization header must be `Bearer TOKEN`", { status: 401 });
  const found = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(token) }, include: { user: { select: userFields } } });
  if (!found || found.revokedAt || found.user.disabledAt || found.user.kind !== "human") {
    throw new AppError("token_invalid", "This API token is unknown, revoked, or its user is disabled", { status: 401 });
  }
  const now = new Date();
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > LAST_USE_PRECISION_MS) {
    await db.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: now } });
  }
  const role = found.role ? lowerRole(found.role, found.user.role) : found.user.role;
  return { user: publicUser(found.user), role, via: "token", tokenId: found.id };
}

function publicUser(user: { id: number; handle: string; name: string; email: string | null; role: UserRole }) {
  return { id: user.id, handle: user.handle, name: user.name, email: user.email, role: user.role };
}
