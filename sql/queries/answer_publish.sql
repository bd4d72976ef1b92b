-- Publishes (or publishes again) an answer with its texts already scrubbed; returns the row for the audit.
-- $1 text: petition number, $2 text: petition kind, $3 text: department code, $4 text: subject (scrubbed), $5 text: answer (scrubbed), $6 timestamptz: received at, $7 timestamptz: replied at, $8 bigint: publishing user id
INSERT INTO published_answers (petition_no, petition_kind, department_code, subject, answer, received_at, replied_at, published_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (petition_no) DO UPDATE
SET petition_kind = EXCLUDED.petition_kind, department_code = EXCLUDED.department_code, subject = EXCLUDED.subject,
    answer = EXCLUDED.answer, received_at = EXCLUDED.received_at, replied_at = EXCLUDED.replied_at,
    published_at = now(), published_by = EXCLUDED.published_by, withdrawn_at = NULL
RETURNING id::text, petition_no, published_at, withdrawn_at
