import { listPresence } from "@/lib/cells/presence";
import { getAppDb } from "@/lib/db/app-db";
import { getDocument } from "@/lib/documents/queries";
import { route } from "../../../_lib/route";

export const GET = route<{ slug: string }>(async (_request, { slug }) => {
  const { document } = await getDocument(getAppDb(), slug);
  return { presence: await listPresence(getAppDb(), document.id) };
});
