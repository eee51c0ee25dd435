import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { getDocument } from "@/lib/documents/queries";
import { createSnapshot, listSnapshots } from "@/lib/revisions";
import { parseInput } from "@/lib/validation";
import { currentUser, readJson, route } from "../../../_lib/route";

export const GET = route<{ slug: string }>(async (_request, { slug }) => {
  const { document } = await getDocument(getAppDb(), slug);
  return { snapshots: await listSnapshots(getAppDb(), { documentId: document.id }) };
});

export const POST = route<{ slug: string }>(async (request, { slug }) => {
  const { name } = parseInput(z.object({ name: z.string() }), await readJson(request), "snapshot");
  const user = await currentUser(request);
  const { document } = await getDocument(getAppDb(), slug);
  return NextResponse.json(await createSnapshot(getAppDb(), { documentId: document.id, name, authorId: user.id }), { status: 201 });
});
