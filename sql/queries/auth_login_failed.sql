-- Counts a failed login; the threshold-th failure in a row locks the account and restarts the count.
-- $1 bigint: user id
-- $2 int: failures that lock the account
-- $3 int: lock duration, minutes
UPDATE users SET
  failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
  locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
WHERE id = $1
RETURNING failed_logins, locked_until, failed_logins = 0 AND locked_until > now() AS locked_now
