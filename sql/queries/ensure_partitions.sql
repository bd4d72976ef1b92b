-- Creates monthly event partitions from one month back to `$1` months ahead (plain PostgreSQL only).
-- $1 int: months ahead
SELECT count(*) FILTER (WHERE created) AS created
FROM (SELECT events_ensure_partition((date_trunc('month', now()) + make_interval(months => m))::date) AS created
      FROM generate_series(-1, $1) AS m) s
