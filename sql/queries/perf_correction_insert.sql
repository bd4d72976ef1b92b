-- A correction in review.
-- $1 bigint: run id, $2 text: department, $3 numeric: points, $4 text: reason, $5 bigint: user id, $6 text: user name
INSERT INTO performance_corrections (run_id, department_code, points, reason, created_by, created_by_name)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id::text, department_code, points::float8 AS points, reason, created_by::text, created_by_name, created_at
