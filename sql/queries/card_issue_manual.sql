-- Issues a manual card.
-- $1 text: subject, $2 text: subject number, $3 text: department code, $4 text: colour, $5 text: reason, $6 text: issued by (login)
INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, issued_by)
VALUES ($1, $2, $3, $4, 'manual', $5, $6)
RETURNING id, subject, subject_no, department_code, color, rule, reason, issued_at, issued_by
