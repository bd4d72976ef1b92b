-- Active department users (staff and heads) of a department the caller may see: recipients of an
-- urging, responsible persons of an order. No contact data.
-- $1 bigint: caller's user id, $2 text: department code, $3 bigint[]: only these ids (NULL: all)
SELECT u.id::text AS id, u.login, u.display_name, u.roles, u.department_code
FROM users u
WHERE u.active AND u.department_code = $2
  AND u.roles && ARRAY['department_staff', 'department_head']::text[]
  AND $2 = ANY ((SELECT visible_departments($1))::text[])
  AND ($3::bigint[] IS NULL OR u.id = ANY ($3))
ORDER BY 'department_head' = ANY (u.roles) DESC, u.display_name
