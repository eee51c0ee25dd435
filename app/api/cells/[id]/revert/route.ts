import { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { revertCell } from "@/lib/revisions";
import { Id } from "@/lib/schemas";
import { parseInput } from "@/lib/validation";
import { currentUser, parseId, readJson, route } from "../../../_lib/route";

const RevertBody = z.object({
  toRevisionId: Id,
  baseRevisionId: Id.nullable(),
  note: z.string().max(1000).optional(),
});

export const POST = route<{ id: string }>(async (request, { id }) => {
  const cellId = parseId(id, "cell");
  const body = parseInput(RevertBody, await readJson(request), "revert");
  const user = await currentUser(request);
  return revertCell(getAppDb(), { cellId, ...body, authorId: user.id });
});
