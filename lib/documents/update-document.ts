import { z } from "zod";
import type { Db } from "../db/client";
import { parseInput } from "../validation";
import { CreateDocumentInput } from "./create-document";

export const UpdateDocumentInput = z
  .object({
    title: CreateDocumentInput.shape.title,
    /** Readable without an account. */
    publicRead: z.boolean(),
  })
  .partial()
  .strict()
  .refine((input) => input.title !== undefined || input.publicRead !== undefined, "name title or publicRead to change");
export type UpdateDocumentInput = z.input<typeof UpdateDocumentInput>;

/** Renames a document or changes whether it is readable without an account. 404 (Prisma P2025) for an unknown document. */
export async function updateDocument(db: Db, documentId: number, rawInput: UpdateDocumentInput) {
  const input = parseInput(UpdateDocumentInput, rawInput, "document change");
  return db.document.update({
    where: { id: documentId },
    data: input,
    select: { slug: true, title: true, publicRead: true },
  });
}
