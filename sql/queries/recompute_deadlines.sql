-- Recomputes every open case with a running clock in a jurisdiction (optionally only one department's
-- or one item's, after a level-scheme edit) from its stored inputs, the jurisdiction's calendar_days
-- (reloaded by the caller in the same transaction) and the effective level scheme (item > department
-- > jurisdiction > default, read from level_schemes now): deadline, legal deadline, warning/yellow/red
-- days, level and next transition at $2. Writes only the rows that change; records each level change
-- (source 'recompute'); issues or revokes the overdue cards of the cases whose level or overdue switch
-- changed; records the recompute in clock_recomputes. The caller holds clock_recompute_lock().
-- Cases without suspensions or supplements are computed by plain joins on calendar_days ordinals;
-- the others by clock_compute() (migration 025), both exactly as domain/clock computeDeadline.
-- $1 text: jurisdiction code, $2 timestamptz: the instant levels are evaluated at,
-- $3 text: reason, $4 text: requested by,
-- $5 text: department code, or NULL for every department, $6 text: item code, or NULL for every item
-- Returns one row: id, scanned, moved, updated, level_changes, cards_issued, cards_revoked,
-- case_nos (moved cases, first 1,000 by case_no), reproject (every case the projection must
-- recompute itself: stopped clocks, clocks that stop or leave the calendar, rows without inputs).
WITH rid AS MATERIALIZED (
  SELECT nextval(pg_get_serial_sequence('clock_recomputes', 'id')) AS id
), years AS (
  SELECT extract(year FROM day)::int AS y, bool_or(source = 'provisional') AS provisional
  FROM calendar_days WHERE jurisdiction_code = $1 GROUP BY 1
), prov AS MATERIALIZED (
  -- next_prov[y - y0 + 1]: the first provisional year (no notice yet) on or after year y
  SELECT min(a.y) AS y0,
         array_agg(coalesce((SELECT min(b.y) FROM years b WHERE b.provisional AND b.y >= a.y), 10000) ORDER BY a.y) AS next_prov
  FROM years a
), scope AS MATERIALIZED (
  SELECT c.case_no, c.department_code, c.time_zone, c.level AS old_level, c.overdue_cards AS old_overdue,
         c.clock_accepted AS a, c.limit_value AS n, c.limit_unit AS unit, c.legal_limit_value AS ln, c.legal_limit_unit AS lunit,
         c.excluded_from AS ef, c.excluded_to AS et, c.restart_requested AS rr, c.restart_supplied AS rs,
         c.clock_start AS old_start, c.deadline_date AS old_deadline, c.legal_deadline_date AS old_legal,
         c.warning_from AS old_warning, c.yellow_from AS old_yellow, c.red_from AS old_red,
         c.next_transition_at AS old_next, (c.clock ->> 'provisional')::boolean AS old_provisional,
         c.warning_offset AS old_wo, c.warning_share AS old_ws, c.yellow_offset AS old_y, c.red_offset AS old_r,
         sch.wo, sch.ws, sch.y, sch.r, sch.overdue,
         clock_warning_index(c.limit_value, sch.wo, sch.ws) AS wi,
         ($2::timestamptz AT TIME ZONE c.time_zone)::date AS today,
         coalesce(cardinality(c.excluded_from), 0) + coalesce(cardinality(c.restart_requested), 0) = 0 AS plain
  FROM cases c
  LEFT JOIN level_schemes si ON si.scope = 'item' AND si.scope_code = c.item_code
  LEFT JOIN level_schemes sd ON sd.scope = 'department' AND sd.scope_code = c.department_code
  LEFT JOIN level_schemes sj ON sj.scope = 'jurisdiction' AND sj.scope_code = c.jurisdiction_code
  CROSS JOIN LATERAL (
    SELECT CASE WHEN si.id IS NOT NULL THEN si WHEN sd.id IS NOT NULL THEN sd ELSE sj END AS e
  ) eff
  CROSS JOIN LATERAL (
    SELECT CASE WHEN (eff.e).id IS NULL THEN 0 ELSE (eff.e).warning_offset END AS wo,
           (eff.e).warning_share AS ws,
           coalesce((eff.e).yellow_offset, 1) AS y,
           coalesce((eff.e).red_offset, 5) AS r,
           coalesce(((eff.e).card_rules ->> 'overdue')::boolean, true) AS overdue
  ) sch
  WHERE c.jurisdiction_code = $1 AND c.clock_status = 'running' AND c.concluded_at IS NULL AND c.returned_at IS NULL
    AND ($5::text IS NULL OR c.department_code = $5) AND ($6::text IS NULL OR c.item_code = $6)
), fast AS (
  -- no suspension, no supplement: counted day k is the working day of ordinal ordinal(a) + k
  -- (calendar days: a + k), the deadline of a calendar-day limit rolls to the next working day
  SELECT s.*, s.a AS start_day,
         CASE WHEN s.unit = 'workday' AND s.n = 0 THEN s.a ELSE dl.day END AS deadline,
         CASE WHEN s.wi = -1 THEN CASE WHEN s.unit = 'workday' AND s.n = 0 THEN s.a ELSE dl.day END
              WHEN s.wi = 0 THEN s.a
              WHEN s.unit = 'day' THEN s.a + s.wi
              ELSE ww.day END AS warning,
         CASE WHEN s.ln IS NULL THEN NULL WHEN s.lunit = 'workday' AND s.ln = 0 THEN s.a ELSE lg.day END AS legal
  FROM scope s
  LEFT JOIN calendar_days ca ON ca.jurisdiction_code = $1 AND ca.day = s.a
  LEFT JOIN calendar_days cn ON s.unit = 'day' AND cn.jurisdiction_code = $1 AND cn.day = s.a + s.n
  LEFT JOIN calendar_days dl ON dl.jurisdiction_code = $1 AND dl.is_workday
    AND dl.ordinal = CASE WHEN s.unit = 'day' THEN cn.ordinal + (NOT cn.is_workday)::int ELSE ca.ordinal + s.n END
  LEFT JOIN calendar_days ww ON s.unit = 'workday' AND s.wi > 0 AND ww.jurisdiction_code = $1 AND ww.is_workday
    AND ww.ordinal = ca.ordinal + s.wi
  LEFT JOIN calendar_days cl ON s.lunit = 'day' AND cl.jurisdiction_code = $1 AND cl.day = s.a + s.ln
  LEFT JOIN calendar_days lg ON lg.jurisdiction_code = $1 AND lg.is_workday
    AND lg.ordinal = CASE WHEN s.lunit = 'day' THEN cl.ordinal + (NOT cl.is_workday)::int ELSE ca.ordinal + s.ln END
  WHERE s.plain
), slow AS (
  -- suspensions, paused or restart supplements: a few O(1) lookups per range (clock_compute)
  SELECT s.*, p.start_day, p.deadline, p.warning, l.deadline AS legal
  FROM scope s
  CROSS JOIN LATERAL clock_compute($1, s.a, s.n, s.unit, s.ef, s.et, s.rr, s.rs, s.wi) p
  CROSS JOIN LATERAL clock_compute($1, s.a, s.ln, s.lunit, s.ef, s.et, s.rr, s.rs, NULL) l
  WHERE NOT s.plain
), computed AS (
  SELECT * FROM fast
  UNION ALL
  SELECT * FROM slow
), calc AS (
  -- yellow and red: the y-th and r-th working day after the deadline day
  SELECT x.*, wy.day AS yellow, wr.day AS red
  FROM computed x
  LEFT JOIN calendar_days cd ON cd.jurisdiction_code = $1 AND cd.day = x.deadline
  LEFT JOIN calendar_days wy ON wy.jurisdiction_code = $1 AND wy.is_workday AND wy.ordinal = cd.ordinal + x.y
  LEFT JOIN calendar_days wr ON wr.jurisdiction_code = $1 AND wr.is_workday AND wr.ordinal = cd.ordinal + x.r
), lv AS (
  SELECT c.*,
         CASE WHEN c.today >= c.red THEN 'red' WHEN c.today >= c.yellow THEN 'yellow'
              WHEN c.today >= c.warning THEN 'warning' ELSE 'normal' END AS new_level,
         (CASE WHEN c.today < c.warning THEN c.warning WHEN c.today < c.yellow THEN c.yellow
               WHEN c.today < c.red THEN c.red END)::timestamp AT TIME ZONE c.time_zone AS next_at,
         coalesce(p.next_prov[extract(year FROM c.a)::int - p.y0 + 1] <= extract(year FROM c.red), true) AS provisional
  FROM calc c CROSS JOIN prov p
  WHERE c.deadline IS NOT NULL AND c.warning IS NOT NULL AND c.red IS NOT NULL
), chg AS (
  SELECT lv.*,
         (lv.deadline, lv.legal, lv.warning, lv.yellow, lv.red)
           IS DISTINCT FROM (lv.old_deadline, lv.old_legal, lv.old_warning, lv.old_yellow, lv.old_red) AS moved
  FROM lv
  WHERE (lv.start_day, lv.deadline, lv.legal, lv.warning, lv.yellow, lv.red, lv.new_level, lv.next_at, lv.provisional,
         lv.wo, lv.ws, lv.y, lv.r, lv.overdue)
    IS DISTINCT FROM
        (lv.old_start, lv.old_deadline, lv.old_legal, lv.old_warning, lv.old_yellow, lv.old_red, lv.old_level, lv.old_next,
         lv.old_provisional, lv.old_wo, lv.old_ws, lv.old_y, lv.old_r, lv.old_overdue)
), upd AS (
  UPDATE cases c
  SET clock_start = x.start_day, deadline_date = x.deadline, legal_deadline_date = x.legal, warning_from = x.warning,
      yellow_from = x.yellow, red_from = x.red, level = x.new_level, next_transition_at = x.next_at,
      warning_offset = x.wo, warning_share = x.ws, yellow_offset = x.y, red_offset = x.r, overdue_cards = x.overdue,
      clock = c.clock || jsonb_build_object('startDate', x.start_day, 'deadlineDate', x.deadline, 'legalDeadlineDate', x.legal,
                                            'warningFrom', x.warning, 'yellowFrom', x.yellow, 'redFrom', x.red,
                                            'provisional', x.provisional),
      version = c.version + 1
  FROM chg x
  WHERE c.case_no = x.case_no
  RETURNING c.case_no, c.department_code, c.clock, x.moved, x.old_level, x.new_level, x.old_overdue, x.overdue, x.today,
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
  WHERE k.wanted AND NOT EXISTS (SELECT 1 FROM active a WHERE a.rule_key = k.rule_key)
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
  SELECT case_no FROM calc WHERE deadline IS NULL OR warning IS NULL OR red IS NULL
  UNION ALL
  SELECT c.case_no FROM cases c
  WHERE c.jurisdiction_code = $1 AND c.clock_status = 'stopped' AND c.concluded_at IS NULL AND c.returned_at IS NULL
    AND ($5::text IS NULL OR c.department_code = $5) AND ($6::text IS NULL OR c.item_code = $6)
), totals AS (
  SELECT (SELECT count(*) FROM scope)::int AS scanned,
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
