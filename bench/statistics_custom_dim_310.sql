-- A custom report (自定义统计) with an item or a handler (as a dimension or a filter) from the rollup
-- of migration 310: the same rows as statistics_custom.sql. Whole calendar months from grain 'm',
-- whole Monday weeks from grain 'w', the other days from grain 'd' (domain/statistics/segments.ts
-- dimSegments); every measure, the mean and the p90 of working days used from the exact histogram
-- (rows whose days_used is not -2147483648), with percentile_cont's own arithmetic.
-- $3 = 'i' (by item): dimensions among department, item, caseType, period, jurisdiction; filters
--   department, item, caseType, status, level; any reader scope.
-- $3 = 'h' (by handler): dimensions among handler, period, jurisdiction; filters handler, status,
--   level; only for a reader whose visible departments are whole jurisdictions (the rows carry
--   the jurisdiction, not the department) — server/statistics/reader.ts routes the rest to the facts.
-- $1 bigint: user id (department scope)
-- $2 text[]: dimensions
-- $3 text: 'i' or 'h'
-- $4 date[]: first days of the months read whole
-- $5 text[]: their period labels ('' without the period dimension)
-- $6 date[]: Mondays of the weeks read whole
-- $7 text[]: their labels
-- $8 date[]: the other days
-- $9 text[]: their labels
-- $10 text: department filter (that department and its subtree), or null
-- $11 text: item code, or null
-- $12 text: case type, or null
-- $13 text: status class, or null
-- $14 text: level, or null
-- $15 text: handler, or null
-- $16 boolean: compute the p90 of working days used
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes),
     dept AS MATERIALIZED (SELECT CASE WHEN $10::text IS NULL THEN NULL ELSE department_subtree($10) END AS codes),
     ok AS MATERIALIZED (
       SELECT array_agg(d.code) AS codes, array_agg(DISTINCT d.jurisdiction_code) AS jurisdictions
       FROM departments d CROSS JOIN scope CROSS JOIN dept
       WHERE d.code = ANY (scope.codes) AND (dept.codes IS NULL OR d.code = ANY (dept.codes))
     ),
     c AS (
       SELECT s.label, t.jurisdiction_code, t.department_code, t.key, t.case_type, t.status_class, t.days_used,
              t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards
       FROM unnest($4::date[], $5::text[]) AS s (day, label) JOIN stat_case_dim_counts_live t ON t.day = s.day
       WHERE t.dim = $3::text AND t.grain = 'm' AND t.day = ANY ($4::date[])
         AND CASE WHEN $3::text = 'i' THEN t.department_code = ANY ((SELECT codes FROM ok)::text[]) ELSE t.jurisdiction_code = ANY ((SELECT jurisdictions FROM ok)::text[]) END
         AND ($11::text IS NULL OR t.key = $11) AND ($15::text IS NULL OR t.key = $15) AND ($12::text IS NULL OR t.case_type = $12)
         AND ($13::text IS NULL OR t.status_class = $13) AND ($14::text IS NULL OR t.level = $14)
       UNION ALL
       SELECT s.label, t.jurisdiction_code, t.department_code, t.key, t.case_type, t.status_class, t.days_used,
              t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards
       FROM unnest($6::date[], $7::text[]) AS s (day, label) JOIN stat_case_dim_counts_live t ON t.day = s.day
       WHERE t.dim = $3::text AND t.grain = 'w' AND t.day = ANY ($6::date[])
         AND CASE WHEN $3::text = 'i' THEN t.department_code = ANY ((SELECT codes FROM ok)::text[]) ELSE t.jurisdiction_code = ANY ((SELECT jurisdictions FROM ok)::text[]) END
         AND ($11::text IS NULL OR t.key = $11) AND ($15::text IS NULL OR t.key = $15) AND ($12::text IS NULL OR t.case_type = $12)
         AND ($13::text IS NULL OR t.status_class = $13) AND ($14::text IS NULL OR t.level = $14)
       UNION ALL
       SELECT s.label, t.jurisdiction_code, t.department_code, t.key, t.case_type, t.status_class, t.days_used,
              t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards
       FROM unnest($8::date[], $9::text[]) AS s (day, label) JOIN stat_case_dim_counts_live t ON t.day = s.day
       WHERE t.dim = $3::text AND t.grain = 'd' AND t.day = ANY ($8::date[])
         AND CASE WHEN $3::text = 'i' THEN t.department_code = ANY ((SELECT codes FROM ok)::text[]) ELSE t.jurisdiction_code = ANY ((SELECT jurisdictions FROM ok)::text[]) END
         AND ($11::text IS NULL OR t.key = $11) AND ($15::text IS NULL OR t.key = $15) AND ($12::text IS NULL OR t.case_type = $12)
         AND ($13::text IS NULL OR t.status_class = $13) AND ($14::text IS NULL OR t.level = $14)
     ),
     -- by the chosen dimensions ('' for one not chosen) and days used (-2147483648: not in the histogram)
     x AS MATERIALIZED (
       SELECT CASE WHEN 'jurisdiction' = ANY ($2::text[]) THEN jurisdiction_code ELSE '' END AS kj,
              CASE WHEN 'department' = ANY ($2::text[]) THEN department_code ELSE '' END AS kd,
              CASE WHEN 'item' = ANY ($2::text[]) OR 'handler' = ANY ($2::text[]) THEN key ELSE '' END AS kk,
              CASE WHEN 'caseType' = ANY ($2::text[]) THEN case_type ELSE '' END AS kt,
              CASE WHEN 'period' = ANY ($2::text[]) THEN label ELSE '' END AS kp,
              CASE WHEN status_class = 'concluded' THEN days_used ELSE -2147483648 END AS du,
              sum(n) AS n, coalesce(sum(n) FILTER (WHERE status_class = 'concluded'), 0) AS concluded, sum(timed) AS timed,
              sum(on_time) AS on_time, sum(supplements) AS supplements, sum(cards) AS cards, sum(fee) AS fee
       FROM c GROUP BY 1, 2, 3, 4, 5, 6
     ),
     g AS (
       SELECT kj, kd, kk, kt, kp, sum(n) AS cases, sum(concluded) AS concluded, sum(timed) AS timed, sum(on_time) AS on_time,
              sum(supplements) AS supplements, sum(cards) AS cards, sum(fee) AS fees
       FROM x GROUP BY 1, 2, 3, 4, 5
       HAVING sum(n) <> 0
     ),
     hc AS (
       SELECT kj, kd, kk, kt, kp, du AS days_used, n, sum(n) OVER (PARTITION BY kj, kd, kk, kt, kp ORDER BY du) AS upto,
              0.9::float8 * ((sum(n) OVER (PARTITION BY kj, kd, kk, kt, kp)) - 1)::float8 AS pos
       FROM x WHERE du <> -2147483648 AND n <> 0
     ),
     d AS (
       SELECT kj, kd, kk, kt, kp,
              (sum(days_used * n)::numeric / sum(n)::numeric)::float8 AS days_mean,
              min(pos) AS pos,
              min(days_used) FILTER (WHERE upto > floor(pos)) AS lo,
              min(days_used) FILTER (WHERE upto > ceil(pos)) AS hi
       FROM hc GROUP BY 1, 2, 3, 4, 5
     )
SELECT CASE WHEN 'jurisdiction' = ANY ($2::text[]) THEN g.kj END AS jurisdiction,
       CASE WHEN 'department' = ANY ($2::text[]) THEN g.kd END AS department,
       CASE WHEN 'item' = ANY ($2::text[]) THEN g.kk END AS item,
       CASE WHEN 'caseType' = ANY ($2::text[]) THEN g.kt END AS case_type,
       CASE WHEN 'handler' = ANY ($2::text[]) THEN g.kk END AS handler,
       CASE WHEN 'period' = ANY ($2::text[]) THEN g.kp END AS period,
       g.cases::int AS cases, g.concluded::int AS concluded, g.timed::int AS timed, g.on_time::int AS on_time,
       d.days_mean,
       CASE WHEN $16::boolean THEN d.lo::float8 + (d.pos - floor(d.pos)) * (d.hi::float8 - d.lo::float8) END AS days_p90,
       g.supplements::int AS supplements, g.cards::int AS cards, g.fees::float8 AS fees
FROM g
LEFT JOIN d ON d.kj = g.kj AND d.kd = g.kd AND d.kk = g.kk AND d.kt = g.kt AND d.kp = g.kp
ORDER BY 6 NULLS FIRST, 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST, 5 NULLS FIRST
LIMIT 5000
