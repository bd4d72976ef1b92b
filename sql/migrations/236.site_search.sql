-- Site search (站内搜索) over guide items, live announcements and published answers: a substring
-- match (ILIKE) on one text per document, served by pg_trgm GIN indexes where the extension is
-- available (PostgreSQL's contrib; the search works without it, by a scan). The choice against
-- word segmentation (jieba) into full-text search is measured in bench/search.bench.ts (README).
CREATE FUNCTION site_search_text(VARIADIC parts text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(parts, ' ') $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX items_site_search ON items
        USING gin (site_search_text(VARIADIC ARRAY[name, code, fee_basis, guide_process] || guide_materials) gin_trgm_ops);
      CREATE INDEX announcements_site_search ON announcements USING gin (site_search_text(title, body) gin_trgm_ops);
      CREATE INDEX published_answers_site_search ON published_answers USING gin (site_search_text(subject, answer) gin_trgm_ops);
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pg_trgm is available but could not be used (%); site search scans', SQLERRM;
    END;
  END IF;
END $$;
