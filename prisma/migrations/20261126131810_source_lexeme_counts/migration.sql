-- DropIndex: Source.keywords is shown, never searched; its GIN index only cost every insert.
DROP INDEX "Source_keywords_idx";

-- CreateTable
CREATE TABLE "SourceLexeme" (
    "lexeme" TEXT NOT NULL,
    "sources" INTEGER NOT NULL,

    CONSTRAINT "SourceLexeme_pkey" PRIMARY KEY ("lexeme")
);

-- CreateTable
CREATE TABLE "SourceCorpus" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "sources" INTEGER NOT NULL,

    CONSTRAINT "SourceCorpus_pkey" PRIMARY KEY ("id")
);

-- Updated in place by every import batch: room on each page for HOT updates.
ALTER TABLE "SourceLexeme" SET (fillfactor = 70);

INSERT INTO "SourceCorpus" (id, sources) SELECT 1, count(*)::int FROM "Source" WHERE "duplicateOfId" IS NULL;

-- Exact document frequencies for full-text search. A keyword's "appearing in N
-- pieces" used to be a count over every matching source (80-95 % of the corpus for
-- a desk's everyday words, ~40 ms each at 100k sources); a one-word term's count is
-- now its row here, and a phrase's count is bounded by its rarest word. Only
-- sources that are not near-duplicates count, as in keywordStats.
--
-- Statement triggers (one aggregate per statement, not one call per row) see every
-- writer: imports, updates, duplicate links set or cleared (ON DELETE SET NULL),
-- deletes and TRUNCATE. An UPDATE that changes neither the vector nor whether the
-- row is a duplicate nets nothing.
--
-- Locks: the corpus row first, so one transaction at a time changes counts and
-- concurrent writers queue there instead of deadlocking on lexeme rows.
CREATE FUNCTION source_lexeme_counts() RETURNS trigger AS $$
DECLARE
  changes text;
  changed int;
  delta int;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE "SourceCorpus" SET sources = 0 WHERE id = 1;
    DELETE FROM "SourceLexeme";
    RETURN NULL;
  END IF;
  -- (vector, +1 / -1) for each source that starts or stops counting, or whose vector changed.
  changes := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT search AS v, 1 AS d FROM new_rows WHERE "duplicateOfId" IS NULL'
    WHEN 'DELETE' THEN 'SELECT search AS v, -1 AS d FROM old_rows WHERE "duplicateOfId" IS NULL'
    ELSE 'SELECT n.search AS v, 1 AS d FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
          WHERE n."duplicateOfId" IS NULL AND (o.id IS NULL OR o."duplicateOfId" IS NOT NULL OR o.search IS DISTINCT FROM n.search)
          UNION ALL
          SELECT o.search, -1 FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
          WHERE o."duplicateOfId" IS NULL AND (n.id IS NULL OR n."duplicateOfId" IS NOT NULL OR n.search IS DISTINCT FROM o.search)'
  END;
  EXECUTE format('SELECT count(*), coalesce(sum(d), 0) FROM (%s) c', changes) INTO changed, delta;
  IF changed = 0 THEN
    RETURN NULL;
  END IF;
  UPDATE "SourceCorpus" SET sources = sources + delta WHERE id = 1;
  EXECUTE format(
    'INSERT INTO "SourceLexeme" AS t (lexeme, sources)
     SELECT l, sum(c.d)::int FROM (%s) c, unnest(tsvector_to_array(c.v)) AS l
     GROUP BY l HAVING sum(c.d) <> 0 ORDER BY l
     ON CONFLICT (lexeme) DO UPDATE SET sources = t.sources + EXCLUDED.sources', changes);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER source_lexeme_counts_insert AFTER INSERT ON "Source"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION source_lexeme_counts();
CREATE TRIGGER source_lexeme_counts_update AFTER UPDATE ON "Source"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION source_lexeme_counts();
CREATE TRIGGER source_lexeme_counts_delete AFTER DELETE ON "Source"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION source_lexeme_counts();
CREATE TRIGGER source_lexeme_counts_truncate AFTER TRUNCATE ON "Source"
  FOR EACH STATEMENT EXECUTE FUNCTION source_lexeme_counts();

-- Sources stored before this migration.
INSERT INTO "SourceLexeme" (lexeme, sources)
SELECT l, count(*)::int FROM "Source" s, unnest(tsvector_to_array(s.search)) AS l
WHERE s."duplicateOfId" IS NULL
GROUP BY l;
