import { z } from "zod";
import type { Db } from "../db/client";
import { UserRole } from "../db/generated/enums";
import { AppError } from "../errors";
import { Handle } from "../users";
import { parseInput } from "../validation";
import { publicOrigin } from "./hosts";
import { Password } from "./password";
import { hashSecret, newSecret } from "./secrets";

/** How long a one-time sign-in link stays valid. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export const Email = z.string().trim().toLowerCase().email("must be an email address").max(200);
export const DisplayName = z.string().trim().min(1, "must not be empty").max(80);

export const CreateUserInput = z.object({
  handle: Handle,
  role: z.enum(UserRole),
  email: Email.optional(),
  name: DisplayName.optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

const listed = {
  id: true,
  handle: true,
  name: true,
  email: true,
  role: true,
  kind: true,
  disabledAt: true,
  createdAt: true,
  accounts: { where: { providerId: "credential" }, select: { id: true } },
  // A removed language's limits no longer apply, and are not shown.
  languageLimits: {
    where: { language: { deletedAt: null } },
    select: { language: { select: { code: true, document: { select: { slug: true } } } } },
  },
} as const;

export interface UserSummary {
  id: number;
  handle: string;
  name: string;
  email: string | null;
  role: UserRole;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  /** Per document slug, the languages this user is limited to there. */
  languageLimits: Record<string, string[]>;
}

type ListedUser = Awaited<ReturnType<typeof findListed>>[number];
const findListed = (db: Db, where: { handle?: string } = {}) =>
  db.user.findMany({ where: { kind: "human", ...where }, select: listed, orderBy: { handle: "asc" } });

function summary(user: ListedUser): UserSummary {
  const languageLimits: Record<string, string[]> = {};
  for (const { language } of user.languageLimits) (languageLimits[language.document.slug] ??= []).push(language.code);
  return {
    id: user.id,
    handle: user.handle,
    name: user.name,
    email: user.email,
    role: user.role,
    disabled: Boolean(user.disabledAt),
    hasPassword: user.accounts.length > 0,
    createdAt: user.createdAt.toISOString(),
    languageLimits,
  };
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  return (await findListed(db)).map(summary);
}

export async function getUser(db: Db, handle: string): Promise<UserSummary> {
  const [user] = await findListed(db, { handle });
  if (!user) throw new AppError("user_not_found", `There is no user ${JSON.stringify(handle)}`, { status: 404 });
  return summary(user);
}

/**
 * Creates a person's account (no password yet: they set it through an
 * invitation). A second call with the same handle changes nothing.
 */
export async function createUser(db: Db, rawInput: CreateUserInput): Promise<{ user: UserSummary; created: boolean }> {
  const input = parseInput(CreateUserInput, rawInput, "user");
  if (input.email) {
    const owner = await db.user.findUnique({ where: { email: input.email }, select: { handle: true } });
    if (owner && owner.handle !== input.handle) {
      throw new AppError("email_taken", `The email ${input.email} belongs to ${owner.handle}`, { status: 409 });
    }
  }
  const { count } = await db.user.createMany({
    data: [{ handle: input.handle, name: input.name ?? input.handle, role: input.role, email: input.email ?? null }],
    skipDuplicates: true,
  });
  return { user: await getUser(db, input.handle), created: count === 1 };
}

async function userId(db: Db, handle: string): Promise<number> {
  return (await getUser(db, handle)).id;
}

export async function setRole(db: Db, handle: string, role: UserRole): Promise<UserSummary> {
  const { role: parsed } = parseInput(z.object({ role: z.enum(UserRole) }), { role }, "role");
  await db.user.update({ where: { id: await userId(db, handle) }, data: { role: parsed } });
  return getUser(db, handle);
}

/** Disables (or enables again) a user: their sessions end, their tokens stop working, their work stays. */
export async function setDisabled(db: Db, handle: string, disabled: boolean): Promise<UserSummary> {
  const id = await userId(db, handle);
  await db.$transaction([
    db.user.update({ where: { id }, data: { disabledAt: disabled ? new Date() : null } }),
    ...(disabled ? [db.session.deleteMany({ where: { userId: id } })] : []),
  ]);
  return getUser(db, handle);
}

export async function setDisplayName(db: Db, userIdValue: number, name: string): Promise<void> {
  await db.user.update({ where: { id: userIdValue }, data: { name: parseInput(DisplayName, name, "name") } });
}

/** Limits a user to some languages of a document; an empty list lifts the limit there. */
export async function setLanguageLimits(db: Db, handle: string, slug: string, codes: string[]): Promise<UserSummary> {
  const id = await userId(db, handle);
  const document = await db.document.findUnique({ where: { slug }, include: { languages: { where: { deletedAt: null } } } });
  if (!document) throw new AppError("document_not_found", `There is no document ${JSON.stringify(slug)}`, { status: 404 });
  const languages = codes.map((code) => {
    const language = document.languages.find((candidate) => candidate.code === code);
    if (!language)
      throw new AppError("language_not_found", `The document ${slug} has no language ${JSON.stringify(code)}`, { status: 404 });
    return language.id;
  });
  await db.$transaction([
    db.languageLimit.deleteMany({ where: { userId: id, language: { documentId: document.id } } }),
    db.languageLimit.createMany({ data: languages.map((languageId) => ({ userId: id, languageId })) }),
  ]);
  return getUser(db, handle);
}

/** The address of a one-time sign-in link. */
export const invitationLink = (token: string, locale = "en") => `${publicOrigin()}/${locale}/invite/${encodeURIComponent(token)}`;

/**
 * A one-time link for a user to set their password and sign in; earlier
 * unused links of theirs stay valid until they expire or one is used.
 */
export async function createInvitation(db: Db, handle: string, options: { createdById?: number } = {}) {
  const user = await getUser(db, handle);
  if (user.disabled) throw new AppError("user_disabled", `${handle} is disabled: enable them before inviting`, { status: 409 });
  const token = newSecret("wbi");
  const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS);
  await db.invitation.create({
    data: { userId: user.id, tokenHash: hashSecret(token), createdById: options.createdById ?? null, expiresAt },
  });
  return { token, link: invitationLink(token), expiresAt: expiresAt.toISOString() };
}

/** Who an invitation is for, while it can still be used. */
export async function findInvitation(db: Db, token: string) {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashSecret(token) }, include: { user: true } });
  if (!invitation || invitation.usedAt || invitation.expiresAt < new Date() || invitation.user.disabledAt) {
    throw new AppError("invitation_invalid", "This sign-in link was used already, has expired, or never existed", { status: 404 });
  }
  return { handle: invitation.user.handle, name: invitation.user.name, invitationId: invitation.id, userId: invitation.userId };
}

/**
 * Uses a one-time link: sets the password (scrypt, through Better Auth),
 * ends the user's other sessions (someone may have known the old one), and
 * marks the link used, with the user's other unused links (older starts'
 * consoles or messages must not reset the password later). The caller
 * signs the person in.
 */
export async function acceptInvitation(db: Db, token: string, rawPassword: string): Promise<{ handle: string }> {
  const invitation = await findInvitation(db, token);
  const password = parseInput(Password, rawPassword, "password");
  // Loaded only here: Better Auth costs every `wb` command a second to load, and only this one needs it.
  const { authFor } = await import("./better-auth");
  const context = await authFor(db).$context;
  const hash = await context.password.hash(password);
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.invitationId, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count !== 1) throw new AppError("invitation_invalid", "This sign-in link was used already", { status: 404 });
    await tx.invitation.updateMany({ where: { userId: invitation.userId, usedAt: null }, data: { usedAt: new Date() } });
    const account = await tx.account.findFirst({ where: { userId: invitation.userId, providerId: "credential" } });
    if (account) await tx.account.update({ where: { id: account.id }, data: { password: hash } });
    else
      await tx.account.create({
        data: { userId: invitation.userId, providerId: "credential", accountId: String(invitation.userId), password: hash },
      });
    await tx.session.deleteMany({ where: { userId: invitation.userId } });
  });
  return { handle: invitation.handle };
}

/**
 * At a start with no admin able to sign in: returns a fresh one-time link
 * for an enabled admin without a password, or for a new admin (`admin`, or
 * `admin-2`… when that handle is taken: an existing account is never
 * promoted, and a disabled one never enabled, by a start). Returns null
 * once an admin has a password.
 */
export async function firstAdminInvitation(db: Db) {
  const admins = await db.user.findMany({
    where: { kind: "human", role: "admin", disabledAt: null },
    select: { handle: true, accounts: { where: { providerId: "credential" }, select: { id: true } } },
    orderBy: { id: "asc" },
  });
  if (admins.some((admin) => admin.accounts.length)) return null;
  const handle = admins[0]?.handle ?? (await createFirstAdmin(db));
  return { handle, ...(await createInvitation(db, handle)) };
}

async function createFirstAdmin(db: Db): Promise<string> {
  for (let n = 1; ; n++) {
    const handle = n === 1 ? "admin" : `admin-${n}`;
    if ((await createUser(db, { handle, role: "admin", name: "Admin" })).created) return handle;
  }
}
