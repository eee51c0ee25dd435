-- A language updated from a revised file (issue #13): each changed cell gets
-- a revision of kind file_update, and the update is one entry of the
-- alignment log.
ALTER TYPE "RevisionKind" ADD VALUE 'file_update';
ALTER TYPE "AlignmentChangeKind" ADD VALUE 'file_update';
