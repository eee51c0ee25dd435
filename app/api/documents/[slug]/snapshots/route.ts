import { z } from "zod";
import { CreateSnapshotInput, createSnapshot, listSnapshots } from "@/lib/revisions";
import { documentInUrl, jsonResponse, route, signedIn } from "../../../_lib/route";

export const GET = route({ permission: "viewer", scope: documentInUrl }, async ({ db, scope }) => ({
  snapshots: await listSnapshots(db, { documentId: scope!.documentId }),
}));

/** Names the document as it is now. */
export const POST = route(
  { permission: "reviewer", scope: documentInUrl, body: z.object({ name: CreateSnapshotInput.shape.name }) },
  async ({ db, scope, body, actor }) =>
    jsonResponse(await createSnapshot(db, { documentId: scope!.documentId, name: body.name, authorId: signedIn(actor).user.id }), {
      status: 201,
    }),
);
