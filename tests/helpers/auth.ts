import type { Db } from "@/lib/db/client";
import type { UserRole } from "@/lib/db/generated/enums";
import { acceptInvitation, createInvitation, createUser } from "@/lib/auth/accounts";
import { createToken } from "@/lib/auth/tokens";

/** The password every test person gets (long enough for the rules). */
export const TEST_PASSWORD = "correct horse battery staple";

export interface Person {
  id: number;
  handle: string;
  role: UserRole;
  password: string;
}

/** A person with an account, a role and a password, as an admin would make them (invitation used). */
export async function addPerson(db: Db, handle: string, role: UserRole, options: { email?: string; name?: string } = {}): Promise<Person> {
  const { user } = await createUser(db, { handle, role, ...options });
  const { token } = await createInvitation(db, handle);
  await acceptInvitation(db, token, TEST_PASSWORD);
  return { id: user.id, handle, role, password: TEST_PASSWORD };
}

/** Headers that act as a person through a new API token of theirs. */
export async function tokenHeaders(db: Db, person: { id: number }): Promise<{ authorization: string }> {
  const { token } = await createToken(db, person.id, { name: "test" });
  return { authorization: `Bearer ${token}` };
}
