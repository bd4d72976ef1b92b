-- A custom report (自定义统计) with an item or a handler (as a dimension or a filter) from the rollup
-- of migration 390 (`stat_case_dim_hists`: one row per group × period, the working days used as an
-- array): the same rows as statistics_custom.sql. Whole calendar months from grain 'm', whole
-- Monday weeks from grain 'w', the other days from grain 'd' (domain/statistics/segments.ts
-- dimSegments). The histograms are summed element-wise per report group (hist[1] … hist[64]: days
-- used 0 … 63), with the concluded cases outside that range from their own rows (`days_out`), and
-- the mean and the p90 of working days used taken from the summed histogram with percentile_cont's
-- own arithmetic (exact).
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
       SELECT s.label, t.jurisdiction_code, t.department_code, t.key, t.case_type, t.status_class, t.days_out,
              t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards, t.hist
       FROM unnest($4::date[], $5::text[]) AS s (day, label) JOIN stat_case_dim_hists_live t ON t.day = s.day
       WHERE t.dim = $3::text AND t.grain = 'm' AND t.day = ANY ($4::date[])
         AND CASE WHEN $3::text = 'i' THEN t.department_code = ANY ((SELECT codes FROM ok)::text[]) ELSE t.jurisdiction_code = ANY ((SELECT jurisdictions FROM ok)::text[]) END
         AND ($11::text IS NULL OR t.key = $11) AND ($15::text IS NULL OR t.key = $15) AND ($12::text IS NULL OR t.case_type = $12)
         AND ($13::text IS NULL OR t.status_class = $13) AND ($14::text IS NULL OR t.level = $14)
       UNION ALL
       SELECT s.label, t.jurisdiction_code, t.department_code, t.key, t.case_type, t.status_class, t.days_out,
              t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards, t.hist
       FROM unnest($6::date[], $7::text[]) AS s (day, label) JOIN stat_case_dim_hists_live t ON t.day = s.day
       WHERE t.dim = $3::text AND t.grain = 'w' AND t.day = ANY ($6::date[])
         AND CASE WHEN $3::text = 'i' THEN t.department_code = ANY ((SELECT codes FROM ok)::text[]) ELSE t.jurisdiction_code = ANY ((SELECT jurisdictions FROM ok)::text[]) END
         AND ($11::text IS NULL OR t.key = $11) AND ($15::text IS NULL OR t.key = $15) AND ($12::text IS NULL OR t.case_type = $12)
         AND ($13::text IS NULL OR t.status_class = $13) AND ($14::text IS NULL OR t.level = $14)
       UNION ALL
       SELECT s.label, t.jurisdiction_code, t.department_code, t.key, t.case_type, t.status_class, t.days_out,
              t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards, t.hist
       FROM unnest($8::date[], $9::text[]) AS s (day, label) JOIN stat_case_dim_hists_live t ON t.day = s.day
       WHERE t.dim = $3::text AND t.grain = 'd' AND t.day = ANY ($8::date[])
         AND CASE WHEN $3::text = 'i' THEN t.department_code = ANY ((SELECT codes FROM ok)::text[]) ELSE t.jurisdiction_code = ANY ((SELECT jurisdictions FROM ok)::text[]) END
         AND ($11::text IS NULL OR t.key = $11) AND ($15::text IS NULL OR t.key = $15) AND ($12::text IS NULL OR t.case_type = $12)
         AND ($13::text IS NULL OR t.status_class = $13) AND ($14::text IS NULL OR t.level = $14)
     ),
     -- by the chosen dimensions ('' for one not chosen): the additive measures, the histogram summed
     -- element-wise (h[k + 1]: concluded cases with k days used, 0 <= k < 64) and the concluded cases
     -- outside it (days, count: one pair per row of `days_out`, summed below)
     x AS MATERIALIZED (
       SELECT CASE WHEN 'jurisdiction' = ANY ($2::text[]) THEN jurisdiction_code ELSE '' END AS kj,
              CASE WHEN 'department' = ANY ($2::text[]) THEN department_code ELSE '' END AS kd,
              CASE WHEN 'item' = ANY ($2::text[]) OR 'handler' = ANY ($2::text[]) THEN key ELSE '' END AS kk,
              CASE WHEN 'caseType' = ANY ($2::text[]) THEN case_type ELSE '' END AS kt,
              CASE WHEN 'period' = ANY ($2::text[]) THEN label ELSE '' END AS kp,
              sum(n) AS cases, coalesce(sum(n) FILTER (WHERE status_class = 'concluded'), 0) AS concluded, sum(timed) AS timed,
              sum(on_time) AS on_time, sum(supplements) AS supplements, sum(cards) AS cards, sum(fee) AS fees,
              ARRAY[
                    sum(hist[1]), sum(hist[2]), sum(hist[3]), sum(hist[4]), sum(hist[5]), sum(hist[6]), sum(hist[7]), sum(hist[8]),
                    sum(hist[9]), sum(hist[10]), sum(hist[11]), sum(hist[12]), sum(hist[13]), sum(hist[14]), sum(hist[15]), sum(hist[16]),
                    sum(hist[17]), sum(hist[18]), sum(hist[19]), sum(hist[20]), sum(hist[21]), sum(hist[22]), sum(hist[23]), sum(hist[24]),
                    sum(hist[25]), sum(hist[26]), sum(hist[27]), sum(hist[28]), sum(hist[29]), sum(hist[30]), sum(hist[31]), sum(hist[32]),
                    sum(hist[33]), sum(hist[34]), sum(hist[35]), sum(hist[36]), sum(hist[37]), sum(hist[38]), sum(hist[39]), sum(hist[40]),
                    sum(hist[41]), sum(hist[42]), sum(hist[43]), sum(hist[44]), sum(hist[45]), sum(hist[46]), sum(hist[47]), sum(hist[48]),
                    sum(hist[49]), sum(hist[50]), sum(hist[51]), sum(hist[52]), sum(hist[53]), sum(hist[54]), sum(hist[55]), sum(hist[56]),
                    sum(hist[57]), sum(hist[58]), sum(hist[59]), sum(hist[60]), sum(hist[61]), sum(hist[62]), sum(hist[63]), sum(hist[64])
              ] AS h,
              array_agg(days_out) FILTER (WHERE days_out <> -2147483648) AS out_days,
              array_agg(n) FILTER (WHERE days_out <> -2147483648) AS out_n
       FROM c GROUP BY 1, 2, 3, 4, 5
     ),
     -- the report's first 5,000 groups in its order (the final ORDER BY below: a dimension not chosen
     -- is '' here and NULL there, the same for every group), before the per-group mean and p90
     -- below: a year by handler and week has ≈ 16,000 groups, and that step cost ≈ 43 µs a group
     g AS (SELECT * FROM x WHERE cases <> 0 ORDER BY kp, kj, kd, kk, kt LIMIT 5000)
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
-- per report group, from its summed histogram in day order (at most 64 days and those outside):
-- the mean, and the two ranks percentile_cont interpolates between (NULL without concluded cases)
CROSS JOIN LATERAL (
  SELECT (sum(du * n)::numeric / sum(n)::numeric)::float8 AS days_mean, min(pos) AS pos,
         min(du) FILTER (WHERE upto > floor(pos)) AS lo, min(du) FILTER (WHERE upto > ceil(pos)) AS hi
  FROM (SELECT du, n, sum(n) OVER (ORDER BY du) AS upto, 0.9::float8 * ((sum(n) OVER ()) - 1)::float8 AS pos
        FROM (SELECT u.o::int - 1 AS du, u.e AS n FROM unnest(g.h) WITH ORDINALITY AS u (e, o) WHERE u.e <> 0
              UNION ALL
              SELECT u.d, sum(u.e) FROM unnest(g.out_days, g.out_n) AS u (d, e) GROUP BY u.d HAVING sum(u.e) <> 0) pairs) c
) d
ORDER BY 6 NULLS FIRST, 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST, 5 NULLS FIRST
LIMIT 5000
