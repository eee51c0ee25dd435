import type { UserRole } from "../db/generated/enums";

/**
 * The roles in order: each may do everything the ones before it may.
 * viewer reads; translator edits cells and the alignment; reviewer also
 * approves and rejects, takes snapshots and reverts in bulk; admin also
 * manages users, documents and languages. Browser-safe.
 */
export const ROLES = ["viewer", "translator", "reviewer", "admin"] as const satisfies readonly UserRole[];

export function hasRole(role: UserRole, required: UserRole): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** The lower of two roles: a token acts with at most its user's role. */
export function lowerRole(a: UserRole, b: UserRole): UserRole {
  return hasRole(a, b) ? b : a;
}
