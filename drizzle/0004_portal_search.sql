-- Chinese search (src/lib/search/bigram.ts): the SQL twin of the bigram tokenizer, so that a row
-- written by any path (bulk loads, raw SQL) gets its search vector. The portal's own writes pass
-- the vector computed in TypeScript (faster); the trigger fills it only when a writer leaves it NULL
-- or changes the text without it. A property test checks that both give the same tsvector.
CREATE OR REPLACE FUNCTION gongkai_search_lexemes(t text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH runs AS (
    SELECT m[1] AS run FROM regexp_matches(
      translate(
        regexp_replace(regexp_replace(coalesce(t, ''), '<[^>]*>', ' ', 'g'), '&[a-zA-Z0-9#]+;', ' ', 'g'),
        'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
      '([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+)', 'g') AS m
  )
  SELECT left(run, 64) FROM runs WHERE run ~ '^[a-z0-9]'
  UNION
  SELECT substr(run, i, 1) FROM runs, generate_series(1, length(run)) AS i WHERE run !~ '^[a-z0-9]'
  UNION
  SELECT substr(run, i, 2) FROM runs, generate_series(1, length(run) - 1) AS i WHERE run !~ '^[a-z0-9]'
$$;
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
CREATE OR REPLACE FUNCTION gongkai_documents_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.search_vector IS NULL
     OR (TG_OP = 'UPDATE'
         AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector
         AND (NEW.title IS DISTINCT FROM OLD.title OR NEW.doc_number IS DISTINCT FROM OLD.doc_number OR NEW.body IS DISTINCT FROM OLD.body)) THEN
    NEW.search_vector := gongkai_search_vector(NEW.title, NEW.doc_number, NEW.body);
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER documents_search_vector BEFORE INSERT OR UPDATE ON documents
  FOR EACH ROW EXECUTE FUNCTION gongkai_documents_search_vector();
--> statement-breakpoint
UPDATE documents SET search_vector = gongkai_search_vector(title, doc_number, body) WHERE search_vector IS NULL;
