-- TimescaleDB when the server offers it; plain PostgreSQL otherwise. Later migrations test
-- `pg_extension` for 'timescaledb' and take the matching path.
-- Set the GUC supervision.timescaledb = 'off' (ALTER DATABASE ... SET) to force the plain path.
DO $$
BEGIN
  IF coalesce(current_setting('supervision.timescaledb', true), 'on') <> 'off'
     AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
     AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    BEGIN
      CREATE EXTENSION timescaledb;
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'timescaledb is available but could not be created (%); using plain PostgreSQL', SQLERRM;
    END;
  END IF;
END $$;

-- Is TimescaleDB in use? One definition for every later migration and for the app.
CREATE OR REPLACE FUNCTION supervision_has_timescaledb() RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') $$;
