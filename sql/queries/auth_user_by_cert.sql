-- An active user by client-certificate subject.
-- $1 text: normalised subject DN
SELECT id::text AS id, login, roles FROM users WHERE cert_subject = $1 AND active
