import { currentUser, route } from "../_lib/route";

export const GET = route(async (request) => {
  const { handle, name } = await currentUser(request);
  return { handle, name };
});
