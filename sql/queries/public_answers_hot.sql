-- The most read published answers since a day (本周 / 本月热点信件), by reads in that window.
-- $1 date: first day counted, $2 int: limit
SELECT pa.id::text, pa.petition_kind, coalesce(d.short_name, d.name) AS department_name, pa.subject,
       pa.received_at, pa.replied_at, pa.published_at, pa.read_count::int AS read_count, r.reads::int AS reads
FROM (SELECT answer_id, sum(n) AS reads FROM published_answer_reads WHERE day >= $1 GROUP BY answer_id) r
JOIN published_answers pa ON pa.id = r.answer_id AND pa.withdrawn_at IS NULL
LEFT JOIN departments d ON d.code = pa.department_code
ORDER BY r.reads DESC, pa.published_at DESC
LIMIT $2
