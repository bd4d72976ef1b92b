-- The deadline sweep: moves up to $2 cases and up to $2 petitions whose next level transition is
-- due at $1 to their new level, set-based, in one statement; records each change with its
-- explanation and issues overdue cards (one active card per rule_key) where the scheme's overdue
-- rule is on. Rows locked by a projection are skipped (the projection recomputes them itself).
-- A stopped case clock (open suspension or pending supplement) reaches its next transition when the
-- stop overruns its expected length: it goes to warning. A case whose stage has its own limit
-- (case_clocks.stage_warning_from, migration 040) is at least at warning from that day: the level is
-- the higher of the clock's (from its dates) and the stage warning, and the next transition the
-- earliest of the days still ahead. Case clocks live in case_clocks (migration 040); `cases` is
-- not read or written.
-- A level change and an overdue card take effect when the threshold was crossed (00:00 local of the
-- level's day; for a stopped clock the instant it overran), not when the sweep ran (migration 110).
-- $1 timestamptz: now, $2 int: batch size (per table)
-- Returns one row: moved_cases, moved_petitions, changed (level changes), cards (cards issued).
WITH due_cases AS (
  SELECT case_no FROM case_clocks WHERE next_transition_at <= $1
  ORDER BY next_transition_at LIMIT $2 FOR UPDATE SKIP LOCKED
), due_petitions AS (
  SELECT petition_no FROM petitions WHERE next_transition_at <= $1
  ORDER BY next_transition_at LIMIT $2 FOR UPDATE SKIP LOCKED
), calc AS (
  SELECT 'case' AS subject, c.case_no AS subject_no, c.level AS old_level, c.department_code,
         jsonb_build_object('status', c.clock_status,
                            'limit', CASE WHEN c.limit_value IS NOT NULL THEN jsonb_build_object('value', c.limit_value, 'unit', c.limit_unit) END,
                            'startDate', c.clock_start, 'deadlineDate', c.deadline_date, 'legalDeadlineDate', c.legal_deadline_date,
                            'warningFrom', c.warning_from, 'yellowFrom', c.yellow_from, 'redFrom', c.red_from,
                            'stop', c.stop, 'provisional', c.provisional) AS clock,
         c.clock_status, c.time_zone, c.overdue_cards, c.deadline_date, c.warning_from, c.yellow_from, c.red_from,
         c.stage_warning_from, c.stage_watch -> 'watch' AS stage,
         ($1::timestamptz AT TIME ZONE c.time_zone)::date AS today, c.next_transition_at AS due_at
  FROM case_clocks c JOIN due_cases USING (case_no)
  UNION ALL
  SELECT 'petition', p.petition_no, p.level, p.department_code, p.clock, 'running',
         p.time_zone, p.overdue_cards, p.deadline_date, p.warning_from, p.yellow_from, p.red_from,
         NULL::date, NULL::jsonb,
         ($1::timestamptz AT TIME ZONE p.time_zone)::date, p.next_transition_at
  FROM petitions p JOIN due_petitions USING (petition_no)
), lv AS (
  SELECT calc.*,
         CASE WHEN clock_status = 'stopped' THEN 'warning'
              WHEN red_from <= today THEN 'red'
              WHEN yellow_from <= today THEN 'yellow'
              WHEN warning_from <= today THEN 'warning'
              ELSE 'normal' END AS clock_level,
         coalesce(stage_warning_from <= today, false) AS stage_late
  FROM calc
), nxt AS (
  SELECT lv.*,
         CASE WHEN lv.stage_late AND lv.clock_level = 'normal' THEN 'warning' ELSE lv.clock_level END AS new_level,
         CASE WHEN lv.clock_status = 'stopped' THEN NULL
              ELSE (SELECT min(d) FROM unnest(ARRAY[lv.warning_from, lv.yellow_from, lv.red_from, lv.stage_warning_from]) AS d WHERE d > lv.today) END AS next_day
  FROM lv
), upd_cases AS (
  UPDATE case_clocks c
  SET level = nxt.new_level,
      next_transition_at = CASE WHEN nxt.next_day IS NULL THEN NULL ELSE nxt.next_day::timestamp AT TIME ZONE nxt.time_zone END,
      version = c.version + 1
  FROM nxt
  WHERE nxt.subject = 'case' AND c.case_no = nxt.subject_no
  RETURNING c.case_no
), upd_petitions AS (
  UPDATE petitions p
  SET level = nxt.new_level,
      next_transition_at = CASE WHEN nxt.next_day IS NULL THEN NULL ELSE nxt.next_day::timestamp AT TIME ZONE nxt.time_zone END,
      version = p.version + 1
  FROM nxt
  WHERE nxt.subject = 'petition' AND p.petition_no = nxt.subject_no
  RETURNING p.petition_no
), moved AS (
  SELECT nxt.* FROM nxt WHERE nxt.old_level <> nxt.new_level
), changes AS (
  INSERT INTO level_changes (subject, subject_no, department_code, from_level, to_level, effective_at, source, explanation)
  SELECT subject, subject_no, department_code, old_level, new_level,
         least($1::timestamptz, coalesce(
           CASE WHEN clock_status = 'stopped' THEN due_at
                WHEN new_level = 'red' THEN red_from::timestamp AT TIME ZONE time_zone
                WHEN new_level = 'yellow' THEN yellow_from::timestamp AT TIME ZONE time_zone
                WHEN new_level = 'warning' AND clock_level = 'warning' THEN warning_from::timestamp AT TIME ZONE time_zone
                WHEN new_level = 'warning' THEN stage_warning_from::timestamp AT TIME ZONE time_zone END, $1::timestamptz)),
         'sweep',
         CASE WHEN stage_late AND clock_level = 'normal' AND new_level = 'warning'
              THEN jsonb_build_object('rule', 'a stage past its own limit (环节超时预警)', 'today', today, 'clock', clock,
                                      'stageWarning', stage)
              ELSE jsonb_build_object('rule', 'levels from the deadline day (warning / yellow / red)', 'today', today, 'clock', clock)
         END
  FROM moved
  RETURNING id
), wanted AS (
  SELECT m.subject, m.subject_no, m.department_code, col.color, m.deadline_date, m.yellow_from, m.red_from, m.clock, m.time_zone,
         m.subject || ':' || m.subject_no || ':overdue:' || col.color AS rule_key
  FROM moved m CROSS JOIN (VALUES ('yellow'), ('red')) AS col(color)
  WHERE m.overdue_cards AND (m.new_level = 'red' OR (m.new_level = 'yellow' AND col.color = 'yellow'))
), issued AS (
  INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, explanation, rule_key, auto_key, effective_at)
  SELECT w.subject, w.subject_no, w.department_code, w.color, 'overdue',
         CASE w.color WHEN 'yellow' THEN format('超期办理：承诺时限截止 %s，%s 起黄牌', w.deadline_date, w.yellow_from)
                      ELSE format('严重超期：承诺时限截止 %s，%s 起红牌', w.deadline_date, w.red_from) END,
         jsonb_build_object('deadlineDate', w.deadline_date, 'yellowFrom', w.yellow_from, 'redFrom', w.red_from, 'clock', w.clock),
         w.rule_key,
         w.rule_key || '#' || (SELECT count(*) FROM cards p WHERE p.rule_key = w.rule_key AND p.color IS NOT NULL),
         least($1::timestamptz, coalesce((CASE w.color WHEN 'yellow' THEN w.yellow_from ELSE w.red_from END)::timestamp AT TIME ZONE w.time_zone, $1::timestamptz))
  FROM wanted w
  WHERE NOT EXISTS (SELECT 1 FROM cards a WHERE a.rule_key = w.rule_key AND a.color IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM cards x WHERE x.revokes = a.id))
  ON CONFLICT (auto_key) DO NOTHING
  RETURNING id
)
SELECT (SELECT count(*) FROM upd_cases)::int AS moved_cases,
       (SELECT count(*) FROM upd_petitions)::int AS moved_petitions,
       (SELECT count(*) FROM changes)::int AS changed,
       (SELECT count(*) FROM issued)::int AS cards
