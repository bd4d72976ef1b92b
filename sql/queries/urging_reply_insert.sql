-- A department's reply to an urging it may see (no row when the urging is not visible).
-- $1 bigint: user id, $2 bigint: urging id, $3 text: body, $4 text: the user's name
INSERT INTO urging_replies (urging_id, body, replied_by, replied_by_name)
SELECT g.id, $3, $1, $4 FROM urgings g
WHERE g.id = $2 AND g.department_code = ANY ((SELECT visible_departments($1))::text[])
RETURNING id::text AS id, urging_id::text AS urging_id, body, replied_by_name, replied_at
