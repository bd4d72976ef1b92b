-- What a backup holds, in round figures (checked again after a restore).
-- (no parameters)
SELECT (SELECT count(*) FROM events) AS events,
       (SELECT count(*) FROM cases) AS cases,
       (SELECT count(*) FROM petitions) AS petitions,
       (SELECT max(version) FROM schema_migrations) AS migration,
       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS timescaledb
