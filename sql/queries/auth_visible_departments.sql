-- The department codes a user may see (see visible_departments in migration 030).
-- $1 bigint: user id
SELECT visible_departments($1) AS codes
