-- Records a successful login: clears the failure count and any expired lock.
-- $1 bigint: user id
UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1
