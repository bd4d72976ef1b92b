-- Sets when a key stops working (rotation's grace period): never later than an expiry it already has.
-- $1 text: key id
-- $2 integer: seconds from now
UPDATE source_keys SET expires_at = LEAST(coalesce(expires_at, 'infinity'), now() + make_interval(secs => $2))
 WHERE id = $1
RETURNING id, source, departments, description, created_at, expires_at, revoked_at, rotated_from
