import { randomBytes } from "node:crypto";
import { prismaAdapter } from "@better-auth/prisma-adapter";
import { betterAuth } from "better-auth";
import { username } from "better-auth/plugins/username";
import type { Db } from "../db/client";
import { HANDLE_PATTERN } from "../users";
import { publicOrigin } from "./hosts";
import { PASSWORD_LENGTH } from "./password";

/** How long a sign-in lasts. Fixed from sign-in: no silent renewal. */
export const SESSION_LIFETIME_SECONDS = 14 * 24 * 60 * 60;

// `wb dev` / `wb start` pass the secret kept in the data directory; a process
// without one (a test calling route handlers) signs with a secret of its own.
const processSecret = randomBytes(32).toString("base64url");

function createAuth(db: Db) {
  return betterAuth({
    appName: "Parallel",
    baseURL: publicOrigin(),
    secret: process.env.BETTER_AUTH_SECRET ?? processSecret,
    database: prismaAdapter(db, { provider: "postgresql" }),
    // Read with every session, so deciding who asks costs no second query; never set through Better Auth.
    user: {
      additionalFields: {
        role: { type: "string", input: false },
        kind: { type: "string", input: false },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      // Accounts are made by admins (invitations) and the CLI, never by strangers.
      disableSignUp: true,
      minPasswordLength: PASSWORD_LENGTH.min,
      maxPasswordLength: PASSWORD_LENGTH.max,
    },
    session: {
      expiresIn: SESSION_LIFETIME_SECONDS,
      disableSessionRefresh: true,
      // Every request reads the session row, so sign-out and revocation act at once.
      cookieCache: { enabled: false },
    },
    // Sign-in is limited per account and per address by lib/auth/sign-in.ts.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    // A wrong password is an answer, not a server event worth a log line.
    logger: { level: "error" },
    advanced: {
      cookiePrefix: "parallel",
      database: { generateId: "serial" },
      useSecureCookies: publicOrigin().startsWith("https:"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    plugins: [
      username({
        schema: { user: { fields: { username: "handle" } } },
        displayUsername: false,
        minUsernameLength: 2,
        maxUsernameLength: 40,
        usernameValidator: (handle) => HANDLE_PATTERN.test(handle),
      }),
    ],
    databaseHooks: {
      session: {
        create: {
          // A disabled user (or the system user) gets no session, whatever the password.
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: Number(session.userId) } });
            return Boolean(user && user.kind === "human" && !user.disabledAt);
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

// One instance per database client (tests swap the app's client per file).
const instances = new WeakMap<Db, Auth>();

export function authFor(db: Db): Auth {
  let auth = instances.get(db);
  if (!auth) {
    auth = createAuth(db);
    instances.set(db, auth);
  }
  return auth;
}
