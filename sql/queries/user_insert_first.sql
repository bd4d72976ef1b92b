-- Creates the first admin, only when there is no user at all (first start with ADMIN_LOGIN).
-- $1 text: login name
-- $2 text: display name
-- $3 text: argon2id password hash
INSERT INTO users (login, display_name, roles, password_hash, password_changed_at)
SELECT $1, $2, ARRAY['admin'], $3, now()
WHERE NOT EXISTS (SELECT 1 FROM users)
ON CONFLICT DO NOTHING
RETURNING id::text AS id, login, display_name, phone, email, department_code, jurisdiction_code, roles, cert_subject, active,
          password_hash IS NOT NULL AS password_set, failed_logins, locked_until, last_login_at, created_at, updated_at
