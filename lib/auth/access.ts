import { languageLimitsOf, languageNotAllowedError } from "../cells/save-cell";
import type { Db } from "../db/client";
import type { UserRole } from "../db/generated/enums";
import { AppError } from "../errors";
import type { Actor } from "./actor";
import { hasRole } from "./roles";

/**
 * What a route requires. `anyone`: no check (signing in). `signed-in`: any
 * account (its own settings). A role: at least that role; `viewer` on a
 * document also admits anonymous readers when the document is public.
 */
export type Permission = "anyone" | "signed-in" | UserRole;

/** The document a request acts on, and the language when it names one. */
export interface Scope {
  documentId: number;
  publicRead: boolean;
  languageId?: number;
}

const notFound = (what: string, name: string) =>
  new AppError(`${what}_not_found`, `There is no ${what} ${JSON.stringify(name)}`, { status: 404 });

export async function documentScope(db: Db, slug: string): Promise<Scope> {
  const document = await db.document.findUnique({ where: { slug }, select: { id: true, publicRead: true } });
  if (!document) throw notFound("document", slug);
  return { documentId: document.id, publicRead: document.publicRead };
}

export async function cellScope(db: Db, cellId: number): Promise<Scope> {
  // One query (Prisma reads each relation with another): every cell write makes it.
  const [found] = await db.$queryRaw<Required<Scope>[]>`
    SELECT l."documentId", d."publicRead", c."languageId"
      FROM "Cell" c JOIN "DocumentLanguage" l ON l.id = c."languageId" JOIN "Document" d ON d.id = l."documentId"
     WHERE c.id = ${cellId} AND l."deletedAt" IS NULL`;
  // A cell of a removed language is, like its language, gone.
  if (!found) throw notFound("cell", String(cellId));
  return found;
}

export async function languageScope(db: Db, slug: string, code: string): Promise<Scope> {
  const scope = await documentScope(db, slug);
  const language = await db.documentLanguage.findFirst({ where: { documentId: scope.documentId, code, deletedAt: null } });
  if (!language) throw notFound("language", code);
  return { ...scope, languageId: language.id };
}

/**
 * The one authorisation decision: 401 when the request must sign in, 403
 * when the signed-in person's role (or their language limits) does not
 * allow it.
 */
export async function authorize(db: Db, actor: Actor | null, permission: Permission, scope?: Scope): Promise<void> {
  if (permission === "anyone") return;
  if (!actor) {
    if (permission === "viewer" && scope?.publicRead) return;
    throw new AppError("sign_in_required", "Sign in to do this", { status: 401 });
  }
  if (permission === "signed-in") return;
  if (!hasRole(actor.role, permission)) {
    throw new AppError("forbidden", `This needs the ${permission} role; you act as ${actor.role}`, { status: 403 });
  }
  if (permission === "translator" && scope?.languageId !== undefined) {
    await assertMayEditLanguages(db, actor, scope.documentId, [scope.languageId]);
  }
}

/**
 * A person limited to some languages of a document (LanguageLimit) edits
 * only those there; admins are never limited.
 */
export async function assertMayEditLanguages(db: Db, actor: Actor, documentId: number, languageIds: number[]): Promise<void> {
  if (!languageLimited(actor)) return;
  // Most people have no limits: one query answers both whether they have any and which.
  const limits = await languageLimitsOf(db, actor.user.id, documentId);
  if (!limits.length) return;
  const allowed = new Set(limits.map((limit) => limit.languageId));
  if (languageIds.every((id) => allowed.has(id))) return;
  throw languageNotAllowedError(limits);
}

/** Whether a person's language limits apply to what they do: admins are never limited. */
export function languageLimited(actor: Actor): boolean {
  return actor.role !== "admin";
}
