-- Stores a State Council notice for a year (append-only; the latest per year wins).
-- $1 int: year, $2 jsonb: the NoticeYear, $3 text: entered by (login)
INSERT INTO calendar_notices (year, data, entered_by) VALUES ($1, $2, $3) RETURNING id, entered_at
