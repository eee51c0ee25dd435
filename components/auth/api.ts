import type { TokenSummary } from "@/lib/auth/tokens";
import type { UserRole } from "@/lib/db/generated/enums";
import { requestJson } from "../workbench/api";

// A 401 from these is an answer about the password typed, not a reason to show the sign-in notice.
const credentials = { announceSignIn: false } as const;

export function signIn(body: { login: string; password: string }): Promise<{ user: { handle: string; name: string; role: UserRole } }> {
  return requestJson("/api/session", { method: "POST", body, ...credentials });
}

export function signOut(): Promise<unknown> {
  return requestJson("/api/session", { method: "DELETE" });
}

export function signOutEverywhere(): Promise<{ sessionsEnded: number }> {
  return requestJson("/api/me/sessions", { method: "DELETE" });
}

export function acceptInvitation(body: { token: string; password: string }): Promise<unknown> {
  return requestJson("/api/invitations/accept", { method: "POST", body, ...credentials });
}

export function changePassword(body: { currentPassword: string; newPassword: string }): Promise<unknown> {
  return requestJson("/api/me/password", { method: "PUT", body });
}

export function createToken(body: { name: string; role?: UserRole }): Promise<{ token: string; summary: TokenSummary }> {
  return requestJson("/api/me/tokens", { method: "POST", body });
}

export function revokeToken(id: number): Promise<{ token: TokenSummary }> {
  return requestJson(`/api/me/tokens/${id}`, { method: "DELETE" });
}
