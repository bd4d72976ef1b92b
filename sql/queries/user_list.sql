-- Users, by login name, filtered; one page.
-- $1 text: search in login or display name, or null
-- $2 text: role, or null
-- $3 text: department code, or null
-- $4 int: page size
-- $5 int: offset
SELECT id::text AS id, login, display_name, phone, email, department_code, jurisdiction_code, roles, cert_subject, active,
       password_hash IS NOT NULL AS password_set, failed_logins, locked_until, last_login_at, created_at, updated_at,
       count(*) OVER () AS total
FROM users
WHERE ($1::text IS NULL OR strpos(lower(login), lower($1)) > 0 OR strpos(display_name, $1) > 0)
  AND ($2::text IS NULL OR $2 = ANY (roles))
  AND ($3::text IS NULL OR department_code = $3)
ORDER BY lower(login)
LIMIT $4 OFFSET $5
