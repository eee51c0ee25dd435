-- Removing a language and changing its tag (issue #13): an admin's soft
-- delete, kept in history and undone from the change log like any
-- structural change.
ALTER TYPE "AlignmentChangeKind" ADD VALUE 'language_remove';
ALTER TYPE "AlignmentChangeKind" ADD VALUE 'language_rename';

ALTER TABLE "DocumentLanguage" ADD COLUMN "deletedAt" TIMESTAMP(3),
                               ADD COLUMN "deletedById" INTEGER;
ALTER TABLE "DocumentLanguage" ADD CONSTRAINT "DocumentLanguage_deletedById_fkey"
  FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: a tag is unique among a document's live languages only, so a
-- removed language's tag can be added again (and its removal is undone only
-- while the tag is free).
DROP INDEX "DocumentLanguage_documentId_code_key";
CREATE UNIQUE INDEX "DocumentLanguage_live_code_key" ON "DocumentLanguage"("documentId", "code") WHERE "deletedAt" IS NULL;
CREATE INDEX "DocumentLanguage_documentId_idx" ON "DocumentLanguage"("documentId");

-- write_cell (migration 20261130200000_write_cell) again, with one change: a
-- cell of a removed language is, like its language, gone (no row: the
-- routes answer 404). The removal locks the document exclusively and this
-- shares it, so a save and a removal take turns.
CREATE OR REPLACE FUNCTION write_cell(
  cell_id int,
  author_id int,
  -- The writer whose language limits (LanguageLimit) apply; null: none apply (an admin).
  limited_user_id int,
  -- The row the writer saw the cell in (null: not checked).
  seen_segment_id int,
  -- Whether the writer named the original's head it translated from, and which (null: the original was empty).
  source_sent boolean,
  seen_source_revision_id int,
  -- The new text (already normalised), or the revision whose text the cell gets back; both null: the text stays.
  given_text text,
  target_revision_id int,
  -- Whether the head must still be base_revision_id (a save or revert; not "still valid").
  check_base boolean,
  base_revision_id int,
  -- The status the writer chose; null: kept, or back to translated when approved or reviewed text changes.
  chosen_status "CellStatus",
  revision_kind "RevisionKind",
  revision_note text,
  -- The translator read the original's change: the stale flag goes unless the original moved on since.
  confirm_source boolean,
  written_at timestamptz
) RETURNS TABLE (
  refusal text,
  "segmentId" int,
  "seenHeadId" int,
  "targetCellId" int,
  id int,
  text text,
  status "CellStatus",
  stale boolean,
  version int,
  "headRevisionId" int,
  "revisionId" int,
  "revisionText" text,
  "revisionCreatedAt" timestamp(3),
  handle text,
  name text
) LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  cell_segment int;
  in_original boolean;
BEGIN
  SELECT c."segmentId", l."isOriginal" INTO cell_segment, in_original
    FROM "Cell" c JOIN "DocumentLanguage" l ON l.id = c."languageId" JOIN "Document" d ON d.id = l."documentId"
   WHERE c.id = cell_id AND l."deletedAt" IS NULL
     FOR SHARE OF d;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  -- Under the document's share lock no structural change can move the cell: cell_segment stays its row.
  IF in_original THEN
    PERFORM 1 FROM "Cell" c WHERE c."segmentId" = cell_segment ORDER BY c.id FOR UPDATE;
  ELSE
    PERFORM 1 FROM "Cell" c WHERE c.id = cell_id FOR UPDATE;
  END IF;

  RETURN QUERY
    WITH current_ AS (
      SELECT c.id, c."segmentId", c.text, c."headRevisionId", c.status, c.stale, c.version,
             s."deletedAt" IS NOT NULL AS "rowDeleted", l."isOriginal", l."documentId", c."languageId", o."headRevisionId" AS "sourceHeadId",
             target.id AS "targetId", target."cellId" AS "targetCellId",
             CASE WHEN given_text IS NULL AND target_revision_id IS NULL THEN c.text ELSE coalesce(given_text, target.text) END AS "newText"
        FROM "Cell" c JOIN "Segment" s ON s.id = c."segmentId" JOIN "DocumentLanguage" l ON l.id = c."languageId"
        LEFT JOIN "DocumentLanguage" ol ON ol."documentId" = l."documentId" AND ol."isOriginal"
        LEFT JOIN "Cell" o ON o."segmentId" = c."segmentId" AND o."languageId" = ol.id
        LEFT JOIN "Revision" target ON target.id = target_revision_id
       WHERE c.id = cell_id
    ), verdict AS (
      SELECT cur.*,
             CASE WHEN limited_user_id IS NOT NULL
                       AND EXISTS (SELECT FROM "LanguageLimit" x JOIN "DocumentLanguage" xl ON xl.id = x."languageId"
                                    WHERE x."userId" = limited_user_id AND xl."documentId" = cur."documentId")
                       AND NOT EXISTS (SELECT FROM "LanguageLimit" x WHERE x."userId" = limited_user_id AND x."languageId" = cur."languageId")
                  THEN 'language_not_allowed'
                  WHEN target_revision_id IS NOT NULL AND cur."targetId" IS NULL THEN 'revision_not_found'
                  WHEN cur."targetCellId" <> cur.id THEN 'revision_of_other_cell'
                  WHEN NOT EXISTS (SELECT FROM "User" u WHERE u.id = author_id) THEN 'user_not_found'
                  WHEN seen_segment_id IS NOT NULL AND cur."rowDeleted" THEN 'row_deleted'
                  WHEN cur."segmentId" <> seen_segment_id THEN 'cell_moved'
                  WHEN check_base AND cur."headRevisionId" IS DISTINCT FROM base_revision_id THEN 'cell_conflict'
             END AS refusal,
             cur."newText" <> cur.text AS "textChanges",
             source_sent AND NOT cur."isOriginal" AND cur."sourceHeadId" IS DISTINCT FROM seen_source_revision_id AS "sourceMovedOn"
        FROM current_ cur
    ), decided AS (
      SELECT v.*,
             coalesce(chosen_status,
                      CASE WHEN v."textChanges" AND v.status IN ('reviewed', 'approved') THEN 'translated'::"CellStatus" ELSE v.status END)
               AS "newStatus"
        FROM verdict v
    ), revision AS (
      INSERT INTO "Revision" ("cellId", text, "parentId", "authorId", kind, note, "createdAt")
      SELECT d.id, d."newText", d."headRevisionId", author_id, revision_kind, revision_note, written_at AT TIME ZONE 'UTC'
        FROM decided d WHERE d.refusal IS NULL AND d."textChanges"
      RETURNING "Revision".id, "Revision".text, "Revision"."createdAt"
    ), written AS (
      UPDATE "Cell" AS c
         SET text = d."newText",
             "headRevisionId" = coalesce((SELECT r.id FROM revision r), c."headRevisionId"),
             version = c.version + CASE WHEN d."textChanges" THEN 1 ELSE 0 END,
             stale = CASE WHEN d."textChanges" OR confirm_source THEN d."sourceMovedOn" ELSE c.stale END,
             status = d."newStatus",
             "updatedAt" = written_at AT TIME ZONE 'UTC'
        FROM decided d
       WHERE c.id = d.id AND d.refusal IS NULL AND (d."textChanges" OR d."newStatus" <> c.status OR confirm_source)
      RETURNING c.id, c.text, c.status, c.stale, c.version, c."headRevisionId"
    ), flagged AS (
      UPDATE "Cell" AS other SET stale = true
        FROM decided d
       WHERE d.refusal IS NULL AND d."textChanges" AND d."isOriginal"
         AND other."segmentId" = d."segmentId" AND other.id <> d.id AND other.text <> ''
    )
    SELECT d.refusal, d."segmentId", d."headRevisionId", d."targetCellId",
           coalesce(w.id, d.id), coalesce(w.text, d.text), coalesce(w.status, d.status),
           coalesce(w.stale, d.stale), coalesce(w.version, d.version),
           CASE WHEN w.id IS NULL THEN d."headRevisionId" ELSE w."headRevisionId" END,
           r.id, r.text, r."createdAt", u.handle, u.name
      FROM decided d LEFT JOIN written w ON true LEFT JOIN revision r ON true LEFT JOIN "User" u ON r.id IS NOT NULL AND u.id = author_id;
END;
$$;
