-- Hand-written: full-text search in languages Postgres has no stemmer for
-- uses the 'simple' configuration; index it like Russian and English.
CREATE INDEX "Cell_text_simple_idx" ON "Cell" USING GIN (to_tsvector('simple', "text"));
