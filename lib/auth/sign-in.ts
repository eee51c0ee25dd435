import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { authFor } from "./better-auth";
import { Password, PASSWORD_LENGTH } from "./password";

export const SignInInput = z.object({
  /** A handle or an email address. */
  login: z.string().trim().toLowerCase().min(1, "must not be empty").max(200),
  password: z.string().min(1, "must not be empty").max(PASSWORD_LENGTH.max),
});
export type SignInInput = z.input<typeof SignInInput>;

/** Failed sign-ins allowed in a window, per account and per address, before further tries are refused. */
export const SIGN_IN_LIMITS = { perAccount: 5, perAddress: 20, windowMs: 15 * 60 * 1000 } as const;

/**
 * Failed sign-ins in the last window, kept in this process (the app is one
 * process; a restart forgets them, which costs an attacker a restart they
 * cannot cause).
 */
class FailureCounter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: number) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((time) => now - time < SIGN_IN_LIMITS.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  /** Milliseconds until the next try is allowed; 0 when it is. */
  waitFor(key: string, now = Date.now()): number {
    const times = this.recent(key, now);
    return times.length < this.limit ? 0 : times[0]! + SIGN_IN_LIMITS.windowMs - now;
  }

  record(key: string, now = Date.now()) {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  clear(key: string) {
    this.failures.delete(key);
  }
}

const byAccount = new FailureCounter(SIGN_IN_LIMITS.perAccount);
const byAddress = new FailureCounter(SIGN_IN_LIMITS.perAddress);

function refuseWhenLimited(account: string, address: string) {
  const wait = Math.max(byAccount.waitFor(account), byAddress.waitFor(address));
  if (!wait) return;
  const minutes = Math.ceil(wait / 60_000);
  throw new AppError("too_many_sign_ins", `Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, {
    status: 429,
    details: { retryAfterSeconds: Math.ceil(wait / 1000) },
  });
}

/**
 * Signs a person in with their handle or email and password. Answers with
 * the session cookie (Better Auth's, HttpOnly) and who signed in; a wrong
 * password, an unknown login and a disabled account all get the same 401.
 */
export async function signIn(db: Db, rawInput: SignInInput, request: { headers: Headers; address: string }): Promise<Response> {
  const { login, password } = parseInput(SignInInput, rawInput, "sign-in");
  const byEmail = login.includes("@");
  const known = await db.user.findFirst({
    where: byEmail ? { email: login } : { handle: login },
    select: { handle: true, name: true, role: true, disabledAt: true },
  });
  // Failures count per account whether it is named by handle or by email.
  const account = known?.handle ?? login;
  refuseWhenLimited(account, request.address);
  const api = authFor(db).api;
  const answer = byEmail
    ? await api.signInEmail({ body: { email: login, password }, headers: request.headers, asResponse: true })
    : await api.signInUsername({ body: { username: login, password }, headers: request.headers, asResponse: true });
  if (!answer.ok) {
    byAccount.record(account);
    byAddress.record(request.address);
    // Refused a session for a disabled account (better-auth.ts), the username sign-in answers 500: a refusal all the same.
    if (answer.status >= 500 && !known?.disabledAt)
      throw new AppError("sign_in_failed", "Signing in failed on the server", { status: 500 });
    throw new AppError("sign_in_failed", "Wrong handle, email or password (or the account is disabled)", { status: 401 });
  }
  byAccount.clear(account);
  // Better Auth signed in the account it found by the same login, the one looked up above.
  const { handle, name, role } = known!;
  return withCookies(Response.json({ user: { handle, name, role } }), answer);
}

/** Ends this browser's session. */
export async function signOut(db: Db, headers: Headers): Promise<Response> {
  const answer = await authFor(db).api.signOut({ headers, asResponse: true });
  return withCookies(Response.json({ signedOut: true }), answer);
}

/** Ends every session of a user (every browser), this one included. */
export async function signOutEverywhere(db: Db, userId: number, headers: Headers): Promise<Response> {
  const { count } = await db.session.deleteMany({ where: { userId } });
  const answer = await authFor(db).api.signOut({ headers, asResponse: true });
  return withCookies(Response.json({ sessionsEnded: count }), answer);
}

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "must not be empty").max(PASSWORD_LENGTH.max),
  newPassword: Password,
});

/**
 * Changes the password and ends every other session; this browser gets a
 * fresh one. Wrong current passwords count against the account like failed
 * sign-ins, so a stolen session cannot be used to guess the password.
 */
export async function changePassword(
  db: Db,
  rawInput: unknown,
  request: { headers: Headers; handle: string; address: string },
): Promise<Response> {
  const body = parseInput(ChangePasswordInput, rawInput, "password change");
  refuseWhenLimited(request.handle, request.address);
  const answer = await authFor(db).api.changePassword({
    body: { ...body, revokeOtherSessions: true },
    headers: request.headers,
    asResponse: true,
  });
  if (answer.status >= 500) throw new AppError("password_change_failed", "Changing the password failed on the server", { status: 500 });
  if (!answer.ok) {
    byAccount.record(request.handle);
    byAddress.record(request.address);
    throw new AppError("wrong_password", "The current password is wrong", { status: 400 });
  }
  byAccount.clear(request.handle);
  return withCookies(Response.json({ changed: true }), answer);
}

/** Our answer with the cookies Better Auth set (its body carries the session token, which the page must not see). */
function withCookies(response: Response, from: Response): Response {
  for (const cookie of from.headers.getSetCookie()) response.headers.append("set-cookie", cookie);
  return response;
}
