import { SaveCellInput, saveCell } from "@/lib/cells/save-cell";
import { getAppDb } from "@/lib/db/app-db";
import { parseInput } from "@/lib/validation";
import { currentUser, parseId, readJson, route } from "../../_lib/route";

export const PUT = route<{ id: string }>(async (request, { id }) => {
  const cellId = parseId(id, "cell");
  const input = parseInput(SaveCellInput, await readJson(request), "cell save");
  const user = await currentUser(request);
  return saveCell(getAppDb(), cellId, input, { authorId: user.id });
});
