-- A run's comments, in order.
-- $1 bigint: run id
SELECT id::text, department_code, body, author_name, author_role, created_at FROM performance_comments WHERE run_id = $1 ORDER BY id
