-- One published answer, counting the read (in total and on the day), with the public's anonymous
-- ratings of it (count and mean); no row when missing or withdrawn.
-- $1 bigint: id, $2 date: the day of the read
WITH a AS (
  UPDATE published_answers SET read_count = read_count + 1
  WHERE id = $1 AND withdrawn_at IS NULL
  RETURNING id, petition_kind, department_code, subject, answer, received_at, replied_at, published_at, read_count
), r AS (
  INSERT INTO published_answer_reads (answer_id, day, n) SELECT id, $2, 1 FROM a
  ON CONFLICT (day, answer_id) DO UPDATE SET n = published_answer_reads.n + 1
)
SELECT a.id::text, a.petition_kind, coalesce(d.short_name, d.name) AS department_name, a.subject, a.answer,
       a.received_at, a.replied_at, a.published_at, a.read_count::int AS read_count,
       pr.ratings, pr.average
FROM a LEFT JOIN departments d ON d.code = a.department_code
CROSS JOIN LATERAL (
  SELECT count(*)::int AS ratings, avg(x.rating)::float8 AS average FROM published_answer_ratings x WHERE x.answer_id = a.id
) pr
