import { z } from "zod";

/** Shortest and longest password accepted (the long limit bounds scrypt's work). */
export const PASSWORD_LENGTH = { min: 10, max: 200 } as const;

/** A new password. */
export const Password = z
  .string()
  .min(PASSWORD_LENGTH.min, `must be at least ${PASSWORD_LENGTH.min} characters`)
  .max(PASSWORD_LENGTH.max, `must be at most ${PASSWORD_LENGTH.max} characters`);
