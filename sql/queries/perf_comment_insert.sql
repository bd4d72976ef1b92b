-- A review comment on a run or one of its departments.
-- $1 bigint: run id, $2 text: department (or NULL), $3 text: body, $4 bigint: user id, $5 text: user name, $6 text: role
INSERT INTO performance_comments (run_id, department_code, body, author_id, author_name, author_role)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id::text, department_code, body, author_name, author_role, created_at
