import { route } from "../_lib/route";

/** Who this request acts as (null when signed out), with the role it acts with. Reading it changes nothing. */
export const GET = route({ permission: "anyone" }, async ({ actor }) => ({
  user: actor ? { ...actor.user, role: actor.role } : null,
}));
