import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "../paths";

/**
 * The secret Better Auth signs session cookies with, made once and kept in
 * the data directory (readable by its owner only), so sign-ins survive a
 * restart. BETTER_AUTH_SECRET overrides it.
 */
export async function authSecret(): Promise<string> {
  const file = path.join(dataDir(), "auth-secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir(), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    await writeFile(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return (await readFile(file, "utf8")).trim();
    throw error;
  }
}
