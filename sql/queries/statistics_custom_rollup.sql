-- A custom report (自定义统计) from the rollups of migration 220, for definitions without the item
-- or the handler (as a dimension or a filter): the same rows as statistics_custom.sql, from the type
-- counts (cases, concluded, on time, supplements, cards, fees) and the histogram of working days
-- used (mean, and the p90 with percentile_cont's own arithmetic: position 0.9 × (n − 1), linear
-- between the values at its floor and ceiling ranks). Whole calendar months are read from the
-- monthly tables, the other days from the daily ones (domain/statistics/segments.ts); `t.day = ANY`
-- makes them index scans of those days (a join to the unnested list alone was planned as a
-- sequential scan of the whole daily table).
-- $1 bigint: user id (department scope)
-- $2 text[]: dimensions, among 'department', 'caseType', 'period', 'jurisdiction'
-- $3 date[]: first days of the months read whole
-- $4 text[]: their period labels ('' without the period dimension)
-- $5 date[]: the other days
-- $6 text[]: their period labels
-- $7 text: department filter (that department and its subtree), or null
-- $8 text: case type, or null
-- $9 text: status class, or null
-- $10 text: level, or null
-- $11 boolean: compute the p90 of working days used
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes),
     dept AS MATERIALIZED (SELECT CASE WHEN $7::text IS NULL THEN NULL ELSE department_subtree($7) END AS codes),
     -- the departments in scope and filter, as one array (a join here was planned as a loop over departments)
     ok AS MATERIALIZED (
       SELECT array_agg(d.code) AS codes FROM departments d CROSS JOIN scope CROSS JOIN dept
       WHERE d.code = ANY (scope.codes) AND (dept.codes IS NULL OR d.code = ANY (dept.codes))
     ),
     c AS (
       SELECT s.label, t.department_code, t.case_type, t.status_class, t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards
       FROM unnest($3::date[], $4::text[]) AS s (day, label) JOIN stat_case_type_month_counts_live t ON t.day = s.day
       WHERE t.day = ANY ($3::date[]) AND t.department_code = ANY ((SELECT codes FROM ok)::text[]) AND ($8::text IS NULL OR t.case_type = $8) AND ($9::text IS NULL OR t.status_class = $9) AND ($10::text IS NULL OR t.level = $10)
       UNION ALL
       SELECT s.label, t.department_code, t.case_type, t.status_class, t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards
       FROM unnest($5::date[], $6::text[]) AS s (day, label) JOIN stat_case_type_counts_live t ON t.day = s.day
       WHERE t.day = ANY ($5::date[]) AND t.department_code = ANY ((SELECT codes FROM ok)::text[]) AND ($8::text IS NULL OR t.case_type = $8) AND ($9::text IS NULL OR t.status_class = $9) AND ($10::text IS NULL OR t.level = $10)
     ),
     h AS (
       SELECT s.label, t.department_code, t.case_type, t.days_used, t.n
       FROM unnest($3::date[], $4::text[]) AS s (day, label) JOIN stat_case_days_month_counts_live t ON t.day = s.day
       WHERE t.day = ANY ($3::date[]) AND t.department_code = ANY ((SELECT codes FROM ok)::text[]) AND ($8::text IS NULL OR t.case_type = $8) AND ($9::text IS NULL OR $9 = 'concluded') AND ($10::text IS NULL OR t.level = $10)
       UNION ALL
       SELECT s.label, t.department_code, t.case_type, t.days_used, t.n
       FROM unnest($5::date[], $6::text[]) AS s (day, label) JOIN stat_case_days_counts_live t ON t.day = s.day
       WHERE t.day = ANY ($5::date[]) AND t.department_code = ANY ((SELECT codes FROM ok)::text[]) AND ($8::text IS NULL OR t.case_type = $8) AND ($9::text IS NULL OR $9 = 'concluded') AND ($10::text IS NULL OR t.level = $10)
     ),
     -- first by department and the chosen label and case type (small), then by the chosen dimensions;
     -- group keys: '' for a dimension not chosen (the output turns them into nulls)
     c1 AS (
       SELECT CASE WHEN 'period' = ANY ($2::text[]) THEN label ELSE '' END AS label, department_code,
              CASE WHEN 'caseType' = ANY ($2::text[]) THEN case_type ELSE '' END AS case_type,
              sum(n) AS n, coalesce(sum(n) FILTER (WHERE status_class = 'concluded'), 0) AS concluded,
              sum(timed) AS timed, sum(on_time) AS on_time, sum(supplements) AS supplements, sum(cards) AS cards, sum(fee) AS fee
       FROM c GROUP BY 1, 2, 3
     ),
     g AS (
       SELECT CASE WHEN 'jurisdiction' = ANY ($2::text[]) THEN d.jurisdiction_code ELSE '' END AS kj,
              CASE WHEN 'department' = ANY ($2::text[]) THEN c1.department_code ELSE '' END AS kd,
              CASE WHEN 'caseType' = ANY ($2::text[]) THEN c1.case_type ELSE '' END AS kt,
              CASE WHEN 'period' = ANY ($2::text[]) THEN c1.label ELSE '' END AS kp,
              sum(c1.n) AS cases, sum(c1.concluded) AS concluded, sum(c1.timed) AS timed, sum(c1.on_time) AS on_time,
              sum(c1.supplements) AS supplements, sum(c1.cards) AS cards, sum(c1.fee) AS fees
       FROM c1 JOIN departments d ON d.code = c1.department_code
       GROUP BY 1, 2, 3, 4
       HAVING sum(c1.n) <> 0
     ),
     h1 AS (
       SELECT CASE WHEN 'period' = ANY ($2::text[]) THEN label ELSE '' END AS label, department_code,
              CASE WHEN 'caseType' = ANY ($2::text[]) THEN case_type ELSE '' END AS case_type, days_used, sum(n) AS n
       FROM h GROUP BY 1, 2, 3, 4
     ),
     hg AS (
       SELECT CASE WHEN 'jurisdiction' = ANY ($2::text[]) THEN d.jurisdiction_code ELSE '' END AS kj,
              CASE WHEN 'department' = ANY ($2::text[]) THEN h1.department_code ELSE '' END AS kd,
              CASE WHEN 'caseType' = ANY ($2::text[]) THEN h1.case_type ELSE '' END AS kt,
              CASE WHEN 'period' = ANY ($2::text[]) THEN h1.label ELSE '' END AS kp,
              h1.days_used, sum(h1.n) AS n
       FROM h1 JOIN departments d ON d.code = h1.department_code
       GROUP BY 1, 2, 3, 4, 5
       HAVING sum(h1.n) <> 0
     ),
     hc AS (
       SELECT hg.*, sum(n) OVER (PARTITION BY kj, kd, kt, kp ORDER BY days_used) AS upto,
              0.9::float8 * ((sum(n) OVER (PARTITION BY kj, kd, kt, kp)) - 1)::float8 AS pos
       FROM hg
     ),
     d AS (
       SELECT kj, kd, kt, kp,
              (sum(days_used * n)::numeric / sum(n)::numeric)::float8 AS days_mean,
              min(pos) AS pos,
              min(days_used) FILTER (WHERE upto > floor(pos)) AS lo,
              min(days_used) FILTER (WHERE upto > ceil(pos)) AS hi
       FROM hc GROUP BY 1, 2, 3, 4
     )
SELECT CASE WHEN 'jurisdiction' = ANY ($2::text[]) THEN g.kj END AS jurisdiction,
       CASE WHEN 'department' = ANY ($2::text[]) THEN g.kd END AS department,
       NULL::text AS item,
       CASE WHEN 'caseType' = ANY ($2::text[]) THEN g.kt END AS case_type,
       NULL::text AS handler,
       CASE WHEN 'period' = ANY ($2::text[]) THEN g.kp END AS period,
       g.cases::int AS cases, g.concluded::int AS concluded, g.timed::int AS timed, g.on_time::int AS on_time,
       d.days_mean,
       CASE WHEN $11::boolean THEN d.lo::float8 + (d.pos - floor(d.pos)) * (d.hi::float8 - d.lo::float8) END AS days_p90,
       g.supplements::int AS supplements, g.cards::int AS cards, g.fees::float8 AS fees
FROM g
LEFT JOIN d ON d.kj = g.kj AND d.kd = g.kd AND d.kt = g.kt AND d.kp = g.kp
ORDER BY 6 NULLS FIRST, 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST, 5 NULLS FIRST
LIMIT 5000
