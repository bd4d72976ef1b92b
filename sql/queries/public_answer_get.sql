-- One published answer without counting a read (the pre-rendered page; the SPA's API read counts).
-- $1 bigint: id
SELECT pa.id::text, pa.petition_kind, coalesce(d.short_name, d.name) AS department_name, pa.subject, pa.answer,
       pa.received_at, pa.replied_at, pa.published_at, pa.read_count::int AS read_count
FROM published_answers pa LEFT JOIN departments d ON d.code = pa.department_code
WHERE pa.id = $1 AND pa.withdrawn_at IS NULL
