import { z } from "zod";
import type { Db } from "../db/client";
import { UserRole } from "../db/generated/enums";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { lowerRole } from "./roles";
import { hashSecret, newSecret } from "./secrets";

export const CreateTokenInput = z.object({
  name: z.string().trim().min(1, "must not be empty").max(80).default("API token"),
  /** Act with at most this role (never more than the user's own). */
  role: z.enum(UserRole).optional(),
});
export type CreateTokenInput = z.input<typeof CreateTokenInput>;

export interface TokenSummary {
  id: number;
  name: string;
  /** The role it acts with today: the lower of its own and its user's. */
  role: UserRole;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A new API token for a user; the token itself is shown this once and only its hash is kept. */
export async function createToken(
  db: Db,
  userId: number,
  rawInput: CreateTokenInput = {},
): Promise<{ token: string; summary: TokenSummary }> {
  const input = parseInput(CreateTokenInput, rawInput, "token");
  const token = newSecret("wbt");
  const created = await db.apiToken.create({
    data: { userId, name: input.name, role: input.role ?? null, tokenHash: hashSecret(token) },
    include: { user: { select: { role: true } } },
  });
  return { token, summary: summarize(created) };
}

function summarize(token: {
  id: number;
  name: string;
  role: UserRole | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  user: { role: UserRole };
}): TokenSummary {
  return {
    id: token.id,
    name: token.name,
    role: token.role ? lowerRole(token.role, token.user.role) : token.user.role,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

export async function listTokens(db: Db, userId: number): Promise<TokenSummary[]> {
  const tokens = await db.apiToken.findMany({ where: { userId }, include: { user: { select: { role: true } } }, orderBy: { id: "asc" } });
  return tokens.map(summarize);
}

/**
 * Revokes a token: the next request with it is refused. `ownerId` limits
 * revocation to one user's tokens (a person revoking their own); revoking
 * twice is not an error.
 */
export async function revokeToken(db: Db, id: number, options: { ownerId?: number } = {}): Promise<TokenSummary> {
  const token = await db.apiToken.findUnique({ where: { id }, include: { user: { select: { role: true } } } });
  if (!token || (options.ownerId !== undefined && token.userId !== options.ownerId)) {
    throw new AppError("token_not_found", `There is no API token ${id}`, { status: 404 });
  }
  if (token.revokedAt) return summarize(token);
  return summarize(
    await db.apiToken.update({ where: { id }, data: { revokedAt: new Date() }, include: { user: { select: { role: true } } } }),
  );
}
