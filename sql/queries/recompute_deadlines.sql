-- Recomputes every open case with a running clock in a jurisdiction (optionally only one department's
-- or one item's, after a level-scheme edit) from its stored inputs, the jurisdiction's calendar_days
-- (reloaded by the caller in the same transaction) and the effective level scheme (item > department
-- > jurisdiction > default, each scope's version governing the case's acceptance date, read from
-- level_schemes now; migration 270): deadline, legal deadline, warning/yellow/red
-- days, level and next transition at $2. Writes only the rows that change; records each level change
-- (source 'recompute'); issues or revokes the overdue cards of the cases whose level or overdue switch
-- changed; records the recompute in clock_recomputes. The caller holds clock_recompute_lock().
-- The calendar is read once into arrays (day → ordinal, ordinal → working day), so every calendar
-- lookup is an array subscript. Cases without suspensions or supplements are computed inline; the
-- others by clock_count() (migration 026) on their days' ordinals; both exactly as domain/clock
-- computeDeadline (workers/test/recompute.test.ts).
-- $1 text: jurisdiction code, $2 timestamptz: the instant levels are evaluated at,
-- $3 text: reason, $4 text: requested by,
-- $5 text: department code, or NULL for every department, $6 text: item code, or NULL for every item
-- Returns one row: id, scanned, moved, updated, level_changes, cards_issued, cards_revoked,
-- case_nos (moved cases, first 1,000 by case_no), reproject (every case the projection must
-- recompute itself: stopped clocks, clocks that stop or leave the calendar, rows without inputs,
-- open cases whose stages have their own limits (their stage clocks depend on the calendar too)).
-- Reads and writes case_clocks only (migration 040), never the wide `cases` rows.
WITH rid AS MATERIALIZED (
  SELECT nextval(pg_get_serial_sequence('clock_recomputes', 'id')) AS id
), cal AS MATERIALIZED (
  -- ords[d - d0 + 1]: ordinal of day d; wds[d - d0 + 1]: whether d is a working day;
  -- days[k]: the working day of ordinal k (the rows of a jurisdiction are contiguous days)
  SELECT min(day) AS d0,
         array_agg(ordinal ORDER BY day) AS ords,
         array_agg(is_workday ORDER BY day) AS wds,
         array_agg(day ORDER BY ordinal) FILTER (WHERE is_workday) AS days
  FROM calendar_days WHERE jurisdiction_code = $1
), years AS (
  SELECT extract(year FROM day)::int AS y, bool_or(source = 'provisional') AS provisional
  FROM calendar_days WHERE jurisdiction_code = $1 GROUP BY 1
), prov AS MATERIALIZED (
  -- next_prov[y - y0 + 1]: the first provisional year (no notice yet) on or after year y
  SELECT min(a.y) AS y0,
         array_agg(coalesce((SELECT min(b.y) FROM years b WHERE b.provisional AND b.y >= a.y), 10000) ORDER BY a.y) AS next_prov
  FROM years a
), sv AS MATERIALIZED (
  -- the level scheme versions of each scope, newest first (few rows)
  SELECT scope, scope_code, array_agg(id ORDER BY id DESC) AS ids, array_agg(accepted_from ORDER BY id DESC) AS froms
  FROM level_schemes GROUP BY scope, scope_code
), scope AS (
  SELECT c.ctid AS tid, c.case_no, c.department_code, c.time_zone, c.level AS old_level, c.overdue_cards AS old_overdue,
         c.clock_accepted AS a, c.limit_value AS n, c.limit_unit AS unit, c.legal_limit_value AS ln, c.legal_limit_unit AS lunit,
         c.excluded_from AS ef, c.excluded_to AS et, c.restart_requested AS rr, c.restart_supplied AS rs,
         c.clock_start AS old_start, c.deadline_date AS old_deadline, c.legal_deadline_date AS old_legal,
         c.warning_from AS old_warning, c.yellow_from AS old_yellow, c.red_from AS old_red,
         c.next_transition_at AS old_next, c.provisional AS old_provisional,
         c.warning_offset AS old_wo, c.warning_share AS old_ws, c.yellow_offset AS old_y, c.red_offset AS old_r,
         sch.wo, sch.ws, sch.y, sch.r, sch.overdue,
         clock_warning_index(c.limit_value, sch.wo, sch.ws) AS wi,
         ($2::timestamptz AT TIME ZONE c.time_zone)::date AS today,
         coalesce(cardinality(c.excluded_from), 0) + coalesce(cardinality(c.restart_requested), 0) = 0 AS plain
  FROM case_clocks c
  -- each scope's governing version for the case's acceptance date (migration 270); a withdrawn
  -- one leaves the scope out, as if it had no scheme
  LEFT JOIN sv vi ON vi.scope = 'item' AND vi.scope_code = c.item_code
  LEFT JOIN sv vd ON vd.scope = 'department' AND vd.scope_code = c.department_code
  LEFT JOIN sv vj ON vj.scope = 'jurisdiction' AND vj.scope_code = c.jurisdiction_code
  LEFT JOIN level_schemes si ON si.id = vi.ids[level_scheme_version_index(vi.froms, c.clock_accepted)] AND NOT si.withdrawn
  LEFT JOIN level_schemes sd ON sd.id = vd.ids[level_scheme_version_index(vd.froms, c.clock_accepted)] AND NOT sd.withdrawn
  LEFT JOIN level_schemes sj ON sj.id = vj.ids[level_scheme_version_index(vj.froms, c.clock_accepted)] AND NOT sj.withdrawn
  CROSS JOIN LATERAL (
    -- the effective scheme: the item's, else the department's, else the jurisdiction's, else the default
    SELECT CASE WHEN si.id IS NOT NULL THEN si.warning_offset WHEN sd.id IS NOT NULL THEN sd.warning_offset
                WHEN sj.id IS NOT NULL THEN sj.warning_offset ELSE 0 END AS wo,
           CASE WHEN si.id IS NOT NULL THEN si.warning_share WHEN sd.id IS NOT NULL THEN sd.warning_share
                ELSE sj.warning_share END AS ws,
           coalesce(CASE WHEN si.id IS NOT NULL THEN si.yellow_offset WHEN sd.id IS NOT NULL THEN sd.yellow_offset
                         ELSE sj.yellow_offset END, 1) AS y,
           coalesce(CASE WHEN si.id IS NOT NULL THEN si.red_offset WHEN sd.id IS NOT NULL THEN sd.red_offset
                         ELSE sj.red_offset END, 5) AS r,
           coalesce((CASE WHEN si.id IS NOT NULL THEN si.card_rules WHEN sd.id IS NOT NULL THEN sd.card_rules
                          ELSE sj.card_rules END ->> 'overdue')::boolean, true) AS overdue
  ) sch
  WHERE c.jurisdiction_code = $1 AND c.clock_status = 'running' AND c.stage_watch IS NULL
    AND ($5::text IS NULL OR c.department_code = $5) AND ($6::text IS NULL OR c.item_code = $6)
), bounded AS (
  -- cases with suspensions or supplements: the ordinals of the days they depend on
  SELECT s.*,
         CASE WHEN NOT s.plain THEN ARRAY(
           SELECT cal.ords[u.day - cal.d0 + 1]
           FROM unnest(ARRAY[s.a] || coalesce(s.ef, '{}') || coalesce(s.et, '{}') || coalesce(s.rr, '{}') || coalesce(s.rs, '{}'))
                  WITH ORDINALITY AS u (day, i)
           ORDER BY u.i) END AS ords
  FROM scope s CROSS JOIN cal
  OFFSET 0
), counted AS (
  SELECT b.*,
         CASE WHEN NOT b.plain THEN clock_count(b.unit, b.n, b.wi, b.a, b.ef, b.et, b.rr, b.rs, b.ords) END AS p,
         CASE WHEN NOT b.plain THEN clock_count(b.lunit, b.ln, NULL, b.a, b.ef, b.et, b.rr, b.rs, b.ords) END AS l
  FROM bounded b
  OFFSET 0
), raw AS (
  -- the N-th counted day (d_), the warning day (w_), the legal N-th day (l_), each as a day or as
  -- the ordinal of a working day. Without suspensions or supplements counted day k is the working
  -- day of ordinal ordinal(a) + k (calendar days: a + k).
  SELECT x.*,
         CASE WHEN x.plain THEN x.a ELSE (x.p).start_day END AS start_day,
         CASE WHEN NOT x.plain THEN (x.p).raw_day WHEN x.unit = 'day' OR x.n = 0 THEN x.a + x.n END AS d_day,
         CASE WHEN NOT x.plain THEN (x.p).raw_ord WHEN x.unit = 'workday' AND x.n > 0 THEN o.a_ord + x.n END AS d_ord,
         CASE WHEN NOT x.plain THEN (x.p).warn_day WHEN x.wi = -1 THEN NULL WHEN x.unit = 'day' OR x.wi = 0 THEN x.a + x.wi END AS w_day,
         CASE WHEN NOT x.plain THEN (x.p).warn_ord WHEN x.unit = 'workday' AND x.wi > 0 THEN o.a_ord + x.wi END AS w_ord,
         CASE WHEN NOT x.plain THEN (x.l).raw_day WHEN x.lunit = 'day' OR x.ln = 0 THEN x.a + x.ln END AS l_day,
         CASE WHEN NOT x.plain THEN (x.l).raw_ord WHEN x.lunit = 'workday' AND x.ln > 0 THEN o.a_ord + x.ln END AS l_ord
  FROM counted x CROSS JOIN cal
  CROSS JOIN LATERAL (SELECT cal.ords[x.a - cal.d0 + 1] AS a_ord) o
  OFFSET 0
), ord AS (
  -- the ordinal of the deadline day (calendar days: the N-th day rolled to a working day) and of
  -- the legal one
  SELECT r.*,
         CASE WHEN r.d_ord IS NOT NULL THEN r.d_ord
              WHEN r.unit = 'day' THEN cal.ords[r.d_day - cal.d0 + 1] + (NOT cal.wds[r.d_day - cal.d0 + 1])::int
              ELSE cal.ords[r.d_day - cal.d0 + 1] END AS dl_ord,
         CASE WHEN r.l_ord IS NOT NULL THEN r.l_ord
              WHEN r.lunit = 'day' THEN cal.ords[r.l_day - cal.d0 + 1] + (NOT cal.wds[r.l_day - cal.d0 + 1])::int
              ELSE cal.ords[r.l_day - cal.d0 + 1] END AS ll_ord
  FROM raw r CROSS JOIN cal
  OFFSET 0
), calc AS (
  -- back to days; yellow and red are the y-th and r-th working day after the deadline day
  SELECT d.*,
         CASE WHEN d.unit = 'workday' AND d.d_day IS NOT NULL THEN d.d_day ELSE cal.days[d.dl_ord] END AS deadline,
         CASE WHEN d.wi = -1 THEN CASE WHEN d.unit = 'workday' AND d.d_day IS NOT NULL THEN d.d_day ELSE cal.days[d.dl_ord] END
              ELSE coalesce(d.w_day, cal.days[d.w_ord]) END AS warning,
         cal.days[d.dl_ord + d.y] AS yellow,
         cal.days[d.dl_ord + d.r] AS red,
         CASE WHEN d.ln IS NULL THEN NULL WHEN d.lunit = 'workday' AND d.l_day IS NOT NULL THEN d.l_day ELSE cal.days[d.ll_ord] END AS legal
  FROM ord d CROSS JOIN cal
  OFFSET 0
), lv AS (
  -- (each stage is fenced with OFFSET 0 so that its expressions are evaluated once per row, not
  -- once per reference)
  SELECT c.*,
         CASE WHEN c.today >= c.red THEN 'red' WHEN c.today >= c.yellow THEN 'yellow'
              WHEN c.today >= c.warning THEN 'warning' ELSE 'normal' END AS new_level,
         (CASE WHEN c.today < c.warning THEN c.warning WHEN c.today < c.yellow THEN c.yellow
               WHEN c.today < c.red THEN c.red END)::timestamp AT TIME ZONE c.time_zone AS next_at,
         coalesce(p.next_prov[date_part('year', c.a)::int - p.y0 + 1] <= date_part('year', c.red)::int, true) AS provisional,
         c.deadline IS NULL OR c.warning IS NULL OR c.red IS NULL AS reproject
  FROM calc c CROSS JOIN prov p
  OFFSET 0
), computed AS MATERIALIZED (
  -- one narrow row per case in scope
  SELECT lv.tid, lv.case_no, lv.department_code, lv.today, lv.reproject,
         lv.old_level, lv.old_overdue, lv.old_deadline, lv.old_warning, lv.old_yellow, lv.old_red,
         lv.start_day, lv.deadline, lv.legal, lv.warning, lv.yellow, lv.red, lv.new_level, lv.next_at, lv.provisional,
         lv.wo, lv.ws, lv.y, lv.r, lv.overdue,
         NOT lv.reproject
           AND (lv.start_day, lv.deadline, lv.legal, lv.warning, lv.yellow, lv.red, lv.new_level, lv.next_at, lv.provisional,
                lv.wo, lv.ws, lv.y, lv.r, lv.overdue)
               IS DISTINCT FROM
               (lv.old_start, lv.old_deadline, lv.old_legal, lv.old_warning, lv.old_yellow, lv.old_red, lv.old_level, lv.old_next,
                lv.old_provisional, lv.old_wo, lv.old_ws, lv.old_y, lv.old_r, lv.old_overdue) AS changed,
         (lv.deadline, lv.legal, lv.warning, lv.yellow, lv.red)
           IS DISTINCT FROM (lv.old_deadline, lv.old_legal, lv.old_warning, lv.old_yellow, lv.old_red) AS moved
  FROM lv
), upd AS (
  UPDATE case_clocks c
  SET clock_start = x.start_day, deadline_date = x.deadline, legal_deadline_date = x.legal, warning_from = x.warning,
      yellow_from = x.yellow, red_from = x.red, level = x.new_level, next_transition_at = x.next_at,
      warning_offset = x.wo, warning_share = x.ws, yellow_offset = x.y, red_offset = x.r, overdue_cards = x.overdue,
      provisional = x.provisional, version = c.version + 1
  FROM computed x
  WHERE x.changed AND c.ctid = x.tid
  -- the compact clock only where a level change or a card needs it (a million of them would spill)
  RETURNING c.case_no, c.department_code,
            CASE WHEN x.old_level <> x.new_level OR x.old_overdue IS DISTINCT FROM x.overdue THEN
              jsonb_build_object('status', c.clock_status,
                                 'limit', CASE WHEN c.limit_value IS NOT NULL THEN jsonb_build_object('value', c.limit_value, 'unit', c.limit_unit) END,
                                 'startDate', x.start_day, 'deadlineDate', x.deadline, 'legalDeadlineDate', x.legal,
                                 'warningFrom', x.warning, 'yellowFrom', x.yellow, 'redFrom', x.red,
                                 'stop', c.stop, 'provisional', x.provisional) END AS clock,
            x.moved, x.old_level, x.new_level, x.old_overdue, x.overdue, x.today,
            x.deadline, x.yellow, x.red, x.old_deadline, x.old_warning, x.old_yellow, x.old_red
), changes AS (
  INSERT INTO level_changes (subject, subject_no, department_code, from_level, to_level, effective_at, source, explanation)
  SELECT 'case', u.case_no, u.department_code, u.old_level, u.new_level, $2, 'recompute',
         jsonb_build_object('rule', 'recomputed after a calendar or level-scheme change (日历或时限方案调整后重算)',
                            'reason', $3::text, 'requestedBy', $4::text, 'recomputeId', rid.id, 'today', u.today,
                            'before', jsonb_build_object('deadlineDate', u.old_deadline, 'warningFrom', u.old_warning,
                                                         'yellowFrom', u.old_yellow, 'redFrom', u.old_red),
                            'clock', u.clock)
  FROM upd u CROSS JOIN rid
  WHERE u.old_level <> u.new_level
  RETURNING id
), card_keys AS (
  -- overdue cards of the cases whose level or overdue switch changed: wanted = what the rule calls for now
  SELECT u.case_no, u.department_code, u.deadline, u.yellow, u.red, u.clock, col.color,
         'case:' || u.case_no || ':overdue:' || col.color AS rule_key,
         u.overdue AND (u.new_level = 'red' OR (u.new_level = 'yellow' AND col.color = 'yellow')) AS wanted
  FROM upd u CROSS JOIN (VALUES ('yellow'), ('red')) AS col (color)
  WHERE u.old_level <> u.new_level OR u.old_overdue IS DISTINCT FROM u.overdue
), active AS (
  SELECT a.id, a.rule, a.department_code, k.case_no, k.rule_key, k.wanted
  FROM card_keys k JOIN cards a ON a.rule_key = k.rule_key AND a.color IS NOT NULL
  WHERE NOT EXISTS (SELECT 1 FROM cards x WHERE x.revokes = a.id)
), issued AS (
  INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, explanation, rule_key, auto_key)
  SELECT 'case', k.case_no, k.department_code, k.color, 'overdue',
         CASE k.color WHEN 'yellow' THEN format('超期办理：承诺时限截止 %s，%s 起黄牌', k.deadline, k.yellow)
                      ELSE format('严重超期：承诺时限截止 %s，%s 起红牌', k.deadline, k.red) END,
         jsonb_build_object('deadlineDate', k.deadline, 'yellowFrom', k.yellow, 'redFrom', k.red, 'clock', k.clock),
         k.rule_key,
         k.rule_key || '#' || (SELECT count(*) FROM cards p WHERE p.rule_key = k.rule_key AND p.color IS NOT NULL)
  FROM card_keys k
  WHERE k.wanted
    AND NOT EXISTS (SELECT 1 FROM cards a WHERE a.rule_key = k.rule_key AND a.color IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM cards x WHERE x.revokes = a.id))
  ON CONFLICT (auto_key) DO NOTHING
  RETURNING id
), revoked AS (
  INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, explanation, issued_by, revokes)
  SELECT 'case', a.case_no, a.department_code, NULL, a.rule,
         '日历或时限方案调整后不再超期，系统自动撤销 (no longer overdue after a calendar or level-scheme change)',
         jsonb_build_object('revokedCard', a.id, 'recomputeId', rid.id), 'system', a.id
  FROM active a CROSS JOIN rid
  WHERE NOT a.wanted
  ON CONFLICT DO NOTHING
  RETURNING id
), reproject AS (
  SELECT case_no FROM computed WHERE reproject
  UNION ALL
  SELECT c.case_no FROM case_clocks c
  WHERE c.jurisdiction_code = $1
    AND (c.clock_status = 'stopped' OR (c.stage_watch IS NOT NULL AND c.clock_status <> 'closed'))
    AND ($5::text IS NULL OR c.department_code = $5) AND ($6::text IS NULL OR c.item_code = $6)
), totals AS (
  SELECT (SELECT count(*) FROM computed)::int AS scanned,
         (SELECT count(*) FROM upd WHERE moved)::int AS moved,
         (SELECT count(*) FROM upd)::int AS updated,
         (SELECT count(*) FROM changes)::int AS level_changes,
         (SELECT count(*) FROM issued)::int AS cards_issued,
         (SELECT count(*) FROM revoked)::int AS cards_revoked,
         ARRAY(SELECT case_no FROM upd WHERE moved ORDER BY case_no LIMIT 1000) AS case_nos,
         ARRAY(SELECT case_no FROM reproject ORDER BY case_no) AS reproject
), rec AS (
  INSERT INTO clock_recomputes (id, jurisdiction_code, department_code, item_code, reason, requested_by, at,
                                cases_scanned, cases_moved, level_changes, case_nos, detail)
  SELECT rid.id, $1, $5, $6, $3, $4, $2, t.scanned, t.moved, t.level_changes, t.case_nos,
         jsonb_build_object('updated', t.updated, 'cardsIssued', t.cards_issued, 'cardsRevoked', t.cards_revoked,
                            'movedListed', cardinality(t.case_nos), 'reprojected', cardinality(t.reproject),
                            'reprojectCaseNos', to_jsonb(t.reproject[1:1000]))
  FROM rid CROSS JOIN totals t
  RETURNING id
)
SELECT rec.id, t.scanned, t.moved, t.updated, t.level_changes, t.cards_issued, t.cards_revoked, t.case_nos, t.reproject
FROM rec CROSS JOIN totals t
