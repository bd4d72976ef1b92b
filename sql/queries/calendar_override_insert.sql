-- Records a local one-off day off or on (is_workday NULL withdraws the override); append-only.
-- $1 text: jurisdiction code, $2 date: day, $3 boolean: is_workday (or NULL), $4 text: reason, $5 text: created by (login)
INSERT INTO calendar_overrides (jurisdiction_code, day, is_workday, reason, created_by)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, created_at
