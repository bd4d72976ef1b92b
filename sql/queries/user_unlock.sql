-- Lifts a lockout.
-- $1 bigint: user id
UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1
RETURNING id::text AS id, login, display_name, phone, email, department_code, jurisdiction_code, roles, cert_subject, active,
          password_hash IS NOT NULL AS password_set, failed_logins, locked_until, last_login_at, created_at, updated_at
