-- Marks the hourly event rollup's pages all-visible after a refresh (plain PostgreSQL), so that
-- the wall's trend reads the month's buckets from its partial index alone (migration 283). Skips
-- the view, without waiting, while another VACUUM or a refresh holds it.
-- (no parameters)
VACUUM (SKIP_LOCKED) event_counts_hourly
