-- Page views per surface and page over [from, to] (local days).
-- $1 date: first day (inclusive)
-- $2 date: last day (inclusive)
SELECT surface, page, sum(n)::int AS views
FROM stat_page_view_counts WHERE day BETWEEN $1::date AND $2::date
GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2
