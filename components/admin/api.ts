import type { UserSummary } from "@/lib/auth/accounts";
import type { UserRole } from "@/lib/db/generated/enums";
import { requestJson } from "../workbench/api";

/** A one-time sign-in link, as the API shows it once. */
export interface Invitation {
  link: string;
  expiresAt: string;
}

export function createUser(body: { handle: string; role: UserRole; name?: string; email?: string }) {
  return requestJson<{ user: UserSummary; invitation: Invitation }>("/api/users", { method: "POST", body });
}

export function updateUser(handle: string, body: { role?: UserRole; disabled?: boolean }) {
  return requestJson<{ user: UserSummary }>(`/api/users/${encodeURIComponent(handle)}`, { method: "PATCH", body });
}

export function inviteUser(handle: string) {
  return requestJson<{ invitation: Invitation }>(`/api/users/${encodeURIComponent(handle)}/invitations`, { method: "POST" });
}

export function setLanguageLimits(handle: string, body: { document: string; languages: string[] }) {
  return requestJson<{ user: UserSummary }>(`/api/users/${encodeURIComponent(handle)}/language-limits`, { method: "PUT", body });
}

export function setPublicRead(slug: string, publicRead: boolean) {
  return requestJson<{ document: { slug: string; title: string; publicRead: boolean } }>(`/api/documents/${encodeURIComponent(slug)}`, {
    method: "PATCH",
    body: { publicRead },
  });
}
