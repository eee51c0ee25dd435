import { AppError } from "../errors";
import { queryRows, type Db } from "../db/client";
import { Prisma } from "../db/generated/client";
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

interface TokenRow {
  id: number;
  role: UserRole | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  userId: number;
  handle: string;
  name: string;
  email: string | null;
  userRole: UserRole;
  kind: string;
  disabledAt: Date | null;
}

async function tokenActor(db: Db, authorization: string): Promise<Actor> {
  const token = BEARER.exec(authorization)?.[1];
  if (!token) throw new AppError("token_invalid", "The Authorization header must be `Bearer TOKEN`", { status: 401 });
  // One query (Prisma reads a relation with a second one), sent by pg itself: every API request makes it.
  const [found] = await queryRows<TokenRow>(
    db,
    Prisma.sql`
    SELECT t.id, t.role::text AS role, t."revokedAt", t."lastUsedAt",
           u.id AS "userId", u.handle, u.name, u.email, u.role::text AS "userRole", u.kind::text AS kind, u."disabledAt"
      FROM "ApiToken" t JOIN "User" u ON u.id = t."userId"
     WHERE t."tokenHash" = ${hashSecret(token)}`,
  );
  if (!found || found.revokedAt || found.disabledAt || found.kind !== "human") {
    throw new AppError("token_invalid", "This API token is unknown, revoked, or its user is disabled", { status: 401 });
  }
  const now = new Date();
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > LAST_USE_PRECISION_MS) {
    await db.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: now } });
  }
  const user = { id: found.userId, handle: found.handle, name: found.name, email: found.email, role: found.userRole };
  const role = found.role ? lowerRole(found.role, user.role) : user.role;
  return { user, role, via: "token", tokenId: found.id };
}

function publicUser(user: { id: number; handle: string; name: string; email: string | null; role: UserRole }) {
  return { id: user.id, handle: user.handle, name: user.name, email: user.email, role: user.role };
}
