-- A custom report (自定义统计) with an item or a handler (as a dimension or a filter) from the rollup
-- of migration 390 (`stat_case_dim_hists`: one row per group × period, the working days used as an
-- array): the same rows as statistics_custom.sql. Whole calendar months from grain 'm', whole
-- Monday weeks from grain 'w', the other days from grain 'd' (domain/statistics/segments.ts
-- dimSegments). The histograms are summed per report group as one numeric each (migration 430:
-- `hist_n` = Σ hist[k + 1] · 10^(12k), days used 0 … 63; one `sum` instead of 64 element-wise sums),
-- read back twelve digits per day used, with the concluded cases outside that range from their own
-- rows (`days_out`), and the mean and the p90 of working days used taken from the summed histogram
-- with percentile_cont's own arithmetic (exact).
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
              t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards, t.hist_n
       FROM unnest($4::date[], $5::text[]) AS s (day, label) JOIN stat_case_dim_hists_live t ON t.day = s.day
       WHERE t.dim = $3::text AND t.grain = 'm' AND t.day = ANY ($4::date[])
         AND CASE WHEN $3::text = 'i' THEN t.department_code = ANY ((SELECT codes FROM ok)::text[]) ELSE t.jurisdiction_code = ANY ((SELECT jurisdictions FROM ok)::text[]) END
         AND ($11::text IS NULL OR t.key = $11) AND ($15::text IS NULL OR t.key = $15) AND ($12::text IS NULL OR t.case_type = $12)
         AND ($13::text IS NULL OR t.status_class = $13) AND ($14::text IS NULL OR t.level = $14)
       UNION ALL
       SELECT s.label, t.jurisdiction_code, t.department_code, t.key, t.case_type, t.status_class, t.days_out,
              t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards, t.hist_n
       FROM unnest($6::date[], $7::text[]) AS s (day, label) JOIN stat_case_dim_hists_live t ON t.day = s.day
       WHERE t.dim = $3::text AND t.grain = 'w' AND t.day = ANY ($6::date[])
         AND CASE WHEN $3::text = 'i' THEN t.department_code = ANY ((SELECT codes FROM ok)::text[]) ELSE t.jurisdiction_code = ANY ((SELECT jurisdictions FROM ok)::text[]) END
         AND ($11::text IS NULL OR t.key = $11) AND ($15::text IS NULL OR t.key = $15) AND ($12::text IS NULL OR t.case_type = $12)
         AND ($13::text IS NULL OR t.status_class = $13) AND ($14::text IS NULL OR t.level = $14)
       UNION ALL
       SELECT s.label, t.jurisdiction_code, t.department_code, t.key, t.case_type, t.status_class, t.days_out,
              t.n, t.on_time, t.timed, t.fee, t.supplements, t.cards, t.hist_n
       FROM unnest($8::date[], $9::text[]) AS s (day, label) JOIN stat_case_dim_hists_live t ON t.day = s.day
       WHERE t.dim = $3::text AND t.grain = 'd' AND t.day = ANY ($8::date[])
         AND CASE WHEN $3::text = 'i' THEN t.department_code = ANY ((SELECT codes FROM ok)::text[]) ELSE t.jurisdiction_code = ANY ((SELECT jurisdictions FROM ok)::text[]) END
         AND ($11::text IS NULL OR t.key = $11) AND ($15::text IS NULL OR t.key = $15) AND ($12::text IS NULL OR t.case_type = $12)
         AND ($13::text IS NULL OR t.status_class = $13) AND ($14::text IS NULL OR t.level = $14)
     ),
     -- by the chosen dimensions ('' for one not chosen): the additive measures, the histogram summed
     -- (`hn`: twelve decimal digits per day used k, 0 <= k < 64, the lowest for k = 0) and the
     -- concluded cases outside it (days, count: one pair per row of `days_out`, summed below)
     x AS MATERIALIZED (
       SELECT CASE WHEN 'jurisdiction' = ANY ($2::text[]) THEN jurisdiction_code ELSE '' END AS kj,
              CASE WHEN 'department' = ANY ($2::text[]) THEN department_code ELSE '' END AS kd,
              CASE WHEN 'item' = ANY ($2::text[]) OR 'handler' = ANY ($2::text[]) THEN key ELSE '' END AS kk,
              CASE WHEN 'caseType' = ANY ($2::text[]) THEN case_type ELSE '' END AS kt,
              CASE WHEN 'period' = ANY ($2::text[]) THEN label ELSE '' END AS kp,
              sum(n) AS cases, coalesce(sum(n) FILTER (WHERE status_class = 'concluded'), 0) AS concluded, sum(timed) AS timed,
              sum(on_time) AS on_time, sum(supplements) AS supplements, sum(cards) AS cards, sum(fee) AS fees,
              sum(hist_n) AS hn,
              array_agg(days_out) FILTER (WHERE days_out <> -2147483648) AS out_days,
              array_agg(n) FILTER (WHERE days_out <> -2147483648) AS out_n
       FROM c GROUP BY 1, 2, 3, 4, 5
     ),
     -- the report's first 5,000 groups in its order (the final ORDER BY below: a dimension not chosen
     -- is '' here and NULL there, the same for every group), cut before the per-group mean and p90
     -- below (a year by handler and week has ≈ 16,000 groups). `hb`: the group's summed histogram as
     -- the bytes of its decimal digits, converted once per kept group (materialised, so not again per
     -- use) and cut by byte offsets below — `substr` on text counts characters from the start in a
     -- UTF-8 database, ten times slower
     g AS MATERIALIZED (SELECT k.*, convert_to(k.hn::text, 'UTF8') AS hb FROM (SELECT * FROM x WHERE cases <> 0 ORDER BY kp, kj, kd, kk, kt LIMIT 5000) k)
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
-- per report group, from its summed histogram in day order (at most 64 days, read from `hn`'s
-- decimal digits twelve at a time from the right, and those outside):
-- the mean, and the two ranks percentile_cont interpolates between (NULL without concluded cases)
CROSS JOIN LATERAL (
  SELECT (sum(du * n)::numeric / sum(n)::numeric)::float8 AS days_mean, min(pos) AS pos,
         min(du) FILTER (WHERE upto > floor(pos)) AS lo, min(du) FILTER (WHERE upto > ceil(pos)) AS hi
  FROM (SELECT du, n, sum(n) OVER (ORDER BY du) AS upto, 0.9::float8 * ((sum(n) OVER ()) - 1)::float8 AS pos
        FROM (SELECT b.du, b.n
              FROM (SELECT k AS du, convert_from(substring(g.hb FROM greatest(length(g.hb) - 12 * k - 11, 1) FOR least(12, length(g.hb) - 12 * k)), 'UTF8')::bigint AS n
                    FROM generate_series(0, (length(g.hb) - 1) / 12) AS k WHERE g.hb IS NOT NULL) b
              WHERE b.n <> 0
              UNION ALL
              SELECT u.d, sum(u.e) FROM unnest(g.out_days, g.out_n) AS u (d, e) GROUP BY u.d HAVING sum(u.e) <> 0) pairs) c
) d
ORDER BY 6 NULLS FIRST, 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST, 5 NULLS FIRST
LIMIT 5000
