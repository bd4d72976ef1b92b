-- Published answers on the site (信件公开), newest first, optionally of one petition kind.
-- $1 text: petition kind (null: all), $2 int: limit
SELECT pa.id::text, pa.petition_kind, coalesce(d.short_name, d.name) AS department_name, pa.subject,
       pa.received_at, pa.replied_at, pa.published_at, pa.read_count::int AS read_count
FROM published_answers pa
LEFT JOIN departments d ON d.code = pa.department_code
WHERE pa.withdrawn_at IS NULL AND ($1::text IS NULL OR pa.petition_kind = $1)
ORDER BY pa.published_at DESC, pa.id DESC
LIMIT $2
