-- Removes the stage history of the given cases (before it is written anew).
-- $1 text[]: case numbers
DELETE FROM case_stages WHERE case_no = ANY($1)
