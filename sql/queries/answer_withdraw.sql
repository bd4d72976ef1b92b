-- Takes a published answer off the site (the row and its audit stay); no row when it was not published.
-- $1 text: petition number
UPDATE published_answers SET withdrawn_at = now()
WHERE petition_no = $1 AND withdrawn_at IS NULL
RETURNING id::text, petition_no, published_at, withdrawn_at
