import { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { revertCell } from "@/lib/revisions";
import { parseInput } from "@/lib/validation";
import { currentUser, parseId, readJson, route } from "../../../_lib/route";

const RevertBody = z.object({
  toRevisionId: z.number().int().positive(),
  baseRevisionId: z.number().int().positive().nullable(),
  note: z.string().max(1000).optional(),
});

export const POST = route<{ id: string }>(async (request, { id }) => {
  const cellId = parseId(id, "cell");
  const body = parseInput(RevertBody, await readJson(request), "revert");
  const user = await currentUser(request);
  return revertCell(getAppDb(), { cellId, ...body, authorId: user.id });
});
