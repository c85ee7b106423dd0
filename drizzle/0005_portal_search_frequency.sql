-- Chinese search: the vector keeps one position per field (title 1A, 文号 2B, body 3D). A draft of
-- this migration recorded one position per occurrence for ranking; ranking now reads the title and
-- the text instead (src/server/portal/search.ts), so the vector stays small. This migration brings
-- any database that ran that draft back to the 0004 definition and drops its helper (vectors written
-- meanwhile keep extra positions, which search ignores).
DROP FUNCTION IF EXISTS gongkai_search_lexeme_counts(text);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION gongkai_search_vector(p_title text, p_doc_number text, p_body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg('''' || lx || ''':' || pos, ' '), '')::tsvector FROM (
    SELECT lx, string_agg(p, ',' ORDER BY p) AS pos FROM (
      SELECT gongkai_search_lexemes(p_title) AS lx, '1A' AS p
      UNION ALL SELECT gongkai_search_lexemes(p_doc_number), '2B'
      UNION ALL SELECT gongkai_search_lexemes(p_body), '3D'
    ) f GROUP BY lx
  ) g
$$;
--> statement-breakpoint
-- Merge GIN's pending list (rows not yet in the main index, scanned linearly by every search) now;
-- PGlite has no autovacuum, so the bulk import does the same after loading (src/server/portal/import.ts).
SELECT gin_clean_pending_list('documents_search_idx'::regclass);
