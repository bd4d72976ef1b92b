-- Marks a public complaint as rated, once: no row when it was rated already.
-- $1 text: petition number, $2 int: rating 1..5
UPDATE public_complaints SET rated_at = now(), rating = $2
WHERE petition_no = $1 AND rated_at IS NULL
RETURNING petition_no
