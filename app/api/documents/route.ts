import { getAppDb } from "@/lib/db/app-db";
import { listDocuments } from "@/lib/documents/queries";
import { route } from "../_lib/route";

export const GET = route(async () => ({ documents: await listDocuments(getAppDb()) }));
