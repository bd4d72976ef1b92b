-- An anonymous public rating of a live published answer; then the answer's ratings so far.
-- No row when the answer is missing or withdrawn (nothing stored then).
-- $1 bigint: answer id, $2 smallint: rating 1 … 5
WITH a AS (
  SELECT id FROM published_answers WHERE id = $1 AND withdrawn_at IS NULL
), ins AS (
  INSERT INTO published_answer_ratings (answer_id, rating) SELECT id, $2 FROM a RETURNING rating
)
SELECT (count(r.rating) + (SELECT count(*) FROM ins))::int AS ratings,
       CASE WHEN count(r.rating) + (SELECT count(*) FROM ins) = 0 THEN NULL
            ELSE ((coalesce(sum(r.rating), 0) + (SELECT coalesce(sum(rating), 0) FROM ins))::float8 / (count(r.rating) + (SELECT count(*) FROM ins))) END AS average
FROM a LEFT JOIN published_answer_ratings r ON r.answer_id = a.id
GROUP BY a.id
