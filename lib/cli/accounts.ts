import { parseArgs } from "node:util";
import { createInvitation, createUser, getUser, listUsers, setDisabled, setRole, type UserSummary } from "../auth/accounts";
import { ROLES } from "../auth/roles";
import { createToken, listTokens, revokeToken, type TokenSummary } from "../auth/tokens";
import type { Db } from "../db/client";
import type { UserRole } from "../db/generated/enums";
import { AppError } from "../errors";
import { positiveId } from "./revisions";

type Print = (line: string) => void;

const USER_USAGE =
  "Usage: wb user create HANDLE --role ROLE [--email E] [--name NAME] | user list [--json] | user role HANDLE ROLE | user disable HANDLE | user enable HANDLE | user invite HANDLE";
const TOKEN_USAGE = "Usage: wb token create HANDLE [--name NAME] [--role ROLE] | token revoke ID | token list HANDLE [--json]";

const usageError = (usage: string, problem: string) => new AppError("invalid_input", `${problem}. ${usage}`, { status: 400 });

function parseRole(value: string | undefined, what: string): UserRole {
  if (!value) throw new AppError("invalid_input", `${what} is required: ${ROLES.join(", ")}`, { status: 400 });
  const role = ROLES.find((candidate) => candidate === value);
  if (!role)
    throw new AppError("invalid_input", `${what} must be one of ${ROLES.join(", ")}, not ${JSON.stringify(value)}`, { status: 400 });
  return role;
}

/** The action named (one of `takes`), refusing an unknown one or an option the action does not take. */
function actionOf(command: string, action: string | undefined, takes: Record<string, string[]>, options: object, usage: string): string {
  if (!action || !Object.hasOwn(takes, action)) throw usageError(usage, action ? `Unknown action "${action}"` : "An action is missing");
  const misplaced = Object.keys(options).find((option) => !takes[action]!.includes(option));
  if (misplaced) throw usageError(usage, `${command} ${action} takes no --${misplaced}`);
  return action;
}

/** Exactly the positionals a subcommand takes after its name, or a usage error naming what is missing or extra. */
function positionalsOf(positionals: string[], names: string[], usage: string): string[] {
  if (positionals.length < names.length) throw usageError(usage, `${names[positionals.length]} is missing`);
  if (positionals.length > names.length) throw usageError(usage, `Unexpected ${JSON.stringify(positionals[names.length])}`);
  return positionals;
}

/** Columns padded to their widest cell, for a terminal. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd(),
  );
}

const yesNo = (value: boolean) => (value ? "yes" : "no");

function describeUser(user: UserSummary): string {
  const details = [user.name === user.handle ? undefined : user.name, user.email ?? undefined].filter(Boolean).join(", ");
  return `${user.handle}${details ? ` (${details})` : ""}, role ${user.role}${user.disabled ? ", disabled" : ""}`;
}

async function printInvitation(db: Db, handle: string, print: Print) {
  const invitation = await createInvitation(db, handle);
  print(`One-time sign-in link for ${handle} to set a password (valid until ${invitation.expiresAt}):`);
  print(`  ${invitation.link}`);
}

/**
 * wb user create HANDLE --role ROLE [--email E] [--name NAME]: a new account
 * and a one-time link to set its password; an existing handle is left as it is.
 * wb user list [--json] | role HANDLE ROLE | disable HANDLE | enable HANDLE | invite HANDLE
 */
export async function user(db: Db, args: string[], print: Print) {
  const { values, positionals } = parseArgs({
    args,
    options: { role: { type: "string" }, email: { type: "string" }, name: { type: "string" }, json: { type: "boolean" } },
    allowPositionals: true,
  });
  const [named, ...rest] = positionals;
  const takes = { create: ["role", "email", "name"], list: ["json"], role: [], disable: [], enable: [], invite: [] };
  const action = actionOf("user", named, takes, values, USER_USAGE);
  switch (action) {
    case "create": {
      const [handle] = positionalsOf(rest, ["HANDLE"], USER_USAGE);
      const role = parseRole(values.role, "--role");
      const { user: created, created: isNew } = await createUser(db, { handle: handle!, role, email: values.email, name: values.name });
      if (!isNew) return print(`User ${created.handle} exists; nothing changed`);
      print(`Created ${describeUser(created)}`);
      return printInvitation(db, created.handle, print);
    }
    case "list": {
      positionalsOf(rest, [], USER_USAGE);
      const users = await listUsers(db);
      if (values.json) return print(JSON.stringify({ users }));
      const rows = users.map((each) => [
        each.handle,
        each.name,
        each.email ?? "",
        each.role,
        yesNo(each.disabled),
        yesNo(each.hasPassword),
      ]);
      for (const line of table(["HANDLE", "NAME", "EMAIL", "ROLE", "DISABLED", "HAS PASSWORD"], rows)) print(line);
      return;
    }
    case "role": {
      const [handle, role] = positionalsOf(rest, ["HANDLE", "ROLE"], USER_USAGE);
      return print(`Now ${describeUser(await setRole(db, handle!, parseRole(role, "ROLE")))}`);
    }
    case "disable": {
      const [handle] = positionalsOf(rest, ["HANDLE"], USER_USAGE);
      await setDisabled(db, handle!, true);
      return print(`Disabled ${handle}: their sessions have ended and their API tokens no longer work`);
    }
    case "enable": {
      const [handle] = positionalsOf(rest, ["HANDLE"], USER_USAGE);
      await setDisabled(db, handle!, false);
      return print(`Enabled ${handle}`);
    }
    case "invite": {
      const [handle] = positionalsOf(rest, ["HANDLE"], USER_USAGE);
      return printInvitation(db, handle!, print);
    }
  }
}

/**
 * wb token create HANDLE [--name NAME] [--role ROLE]: the token alone on
 * stdout (what it is goes to stderr), for scripts to capture.
 * wb token revoke ID | token list HANDLE [--json]
 */
export async function token(db: Db, args: string[], print: Print, note: Print) {
  const { values, positionals } = parseArgs({
    args,
    options: { name: { type: "string" }, role: { type: "string" }, json: { type: "boolean" } },
    allowPositionals: true,
  });
  const [named, ...rest] = positionals;
  const action = actionOf("token", named, { create: ["name", "role"], revoke: [], list: ["json"] }, values, TOKEN_USAGE);
  switch (action) {
    case "create": {
      const [handle] = positionalsOf(rest, ["HANDLE"], TOKEN_USAGE);
      const role = values.role === undefined ? undefined : parseRole(values.role, "--role");
      const owner = await getUser(db, handle!);
      if (owner.disabled)
        throw new AppError("user_disabled", `${owner.handle} is disabled: enable them before making a token`, { status: 409 });
      const created = await createToken(db, owner.id, { name: values.name, role });
      print(created.token);
      return note(
        `API token #${created.summary.id} "${created.summary.name}" of ${owner.handle}, acting as ${created.summary.role}; shown only this once`,
      );
    }
    case "revoke": {
      const [id] = positionalsOf(rest, ["ID"], TOKEN_USAGE);
      const revoked = await revokeToken(db, positiveId(id, "ID"));
      return print(`Revoked API token #${revoked.id} "${revoked.name}" (at ${revoked.revokedAt})`);
    }
    case "list": {
      const [handle] = positionalsOf(rest, ["HANDLE"], TOKEN_USAGE);
      const tokens = await listTokens(db, (await getUser(db, handle!)).id);
      if (values.json) return print(JSON.stringify({ tokens }));
      for (const line of table(["ID", "NAME", "ROLE", "CREATED", "LAST USED", "REVOKED"], tokens.map(tokenRow))) print(line);
      return;
    }
  }
}

const tokenRow = (each: TokenSummary) => [
  String(each.id),
  each.name,
  each.role,
  each.createdAt,
  each.lastUsedAt ?? "never",
  each.revokedAt ?? "no",
];
