-- Forgets expired sessions and abandoned single-sign-on flows.
WITH s AS (DELETE FROM sessions WHERE expires_at < now() OR last_seen_at + idle_timeout < now() RETURNING 1),
     f AS (DELETE FROM auth_flows WHERE created_at < now() - INTERVAL '10 minutes' RETURNING 1)
SELECT (SELECT count(*) FROM s) AS sessions, (SELECT count(*) FROM f) AS flows
