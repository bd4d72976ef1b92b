-- A run's corrections, in order.
-- $1 bigint: run id
SELECT id::text, department_code, points::float8 AS points, reason, created_by::text, created_by_name, created_at
FROM performance_corrections WHERE run_id = $1 ORDER BY id
