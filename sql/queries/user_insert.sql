-- Creates a user.
-- $1 text: login name
-- $2 text: display name
-- $3 text: phone, or null
-- $4 text: email, or null
-- $5 text: department code, or null
-- $6 text: jurisdiction code, or null
-- $7 text[]: roles
-- $8 text: argon2id password hash, or null (single sign-on / certificate only)
-- $9 text: client-certificate subject, or null
INSERT INTO users (login, display_name, phone, email, department_code, jurisdiction_code, roles, password_hash, password_changed_at, cert_subject)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8::text IS NULL THEN NULL ELSE now() END, $9)
RETURNING id::text AS id, login, display_name, phone, email, department_code, jurisdiction_code, roles, cert_subject, active,
          password_hash IS NOT NULL AS password_set, failed_logins, locked_until, last_login_at, created_at, updated_at
