import { createHash, randomBytes } from "node:crypto";

/**
 * A new secret for a link or a token: 32 random bytes, base64url, behind a
 * prefix that says what it is (so a leaked one is recognisable in logs).
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/**
 * How tokens and links are stored: their SHA-256. They are 256 random bits,
 * so a fast hash is enough (a password needs scrypt; these cannot be guessed).
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
