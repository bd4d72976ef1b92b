-- Published cards per department (yellow, red) under the same filter as public_cards.
-- $1 text: jurisdiction code
-- $2 text: department code, or null for all
-- $3 text: colour, or null for both
-- $4 int: year (local), or null for all
SELECT p.department_code, coalesce(d.short_name, d.name) AS name,
       count(*) FILTER (WHERE p.color = 'yellow')::int AS yellow,
       count(*) FILTER (WHERE p.color = 'red')::int AS red
FROM cards_published p
JOIN cards c ON c.id = p.id
JOIN departments d ON d.code = p.department_code
WHERE d.jurisdiction_code = $1
  AND ($2::text IS NULL OR p.department_code = $2)
  AND ($3::text IS NULL OR p.color = $3)
  AND ($4::int IS NULL OR extract(year FROM coalesce(c.effective_at, c.issued_at) AT TIME ZONE 'Asia/Shanghai') = $4)
GROUP BY p.department_code, d.short_name, d.name, d.sort_order
ORDER BY count(*) FILTER (WHERE p.color = 'red') DESC, count(*) DESC, d.sort_order, p.department_code
