-- The deadline sweep for petitions (see sweep_levels.sql for cases): moves up to $2 petitions whose next level transition is due at $1 to their new
-- level, set-based (same rules and reasons as for cases); records each change with its explanation and issues overdue cards (one active
-- card per rule_key) where the scheme's overdue rule is on. Rows locked by a projection are skipped
-- (the projection recomputes their level itself).
-- $1 timestamptz: now, $2 int: batch size
-- Returns one row: moved (cases updated), changed (level changes), cards (cards issued).
WITH due AS (
  SELECT petition_no FROM petitions
  WHERE next_transition_at <= $1
  ORDER BY next_transition_at
  LIMIT $2
  FOR UPDATE SKIP LOCKED
), calc AS (
  SELECT c.petition_no, c.level AS old_level, c.department_code, c.clock, c.time_zone, c.overdue_cards,
         c.deadline_date, c.warning_from, c.yellow_from, c.red_from,
         ($1::timestamptz AT TIME ZONE c.time_zone)::date AS today
  FROM petitions c JOIN due USING (petition_no)
), nxt AS (
  SELECT calc.*,
         CASE WHEN red_from <= today THEN 'red'
              WHEN yellow_from <= today THEN 'yellow'
              WHEN warning_from <= today THEN 'warning'
              ELSE 'normal' END AS new_level,
         (SELECT min(d) FROM unnest(ARRAY[warning_from, yellow_from, red_from]) AS d WHERE d > today) AS next_day
  FROM calc
), upd AS (
  UPDATE petitions c
  SET level = nxt.new_level,
      next_transition_at = CASE WHEN nxt.next_day IS NULL THEN NULL ELSE nxt.next_day::timestamp AT TIME ZONE nxt.time_zone END,
      version = c.version + 1
  FROM nxt
  WHERE c.petition_no = nxt.petition_no
  RETURNING c.petition_no, nxt.old_level, nxt.new_level, nxt.department_code, nxt.clock, nxt.overdue_cards,
            nxt.deadline_date, nxt.yellow_from, nxt.red_from, nxt.today
), changes AS (
  INSERT INTO level_changes (subject, subject_no, department_code, from_level, to_level, effective_at, source, explanation)
  SELECT 'petition', petition_no, department_code, old_level, new_level, $1, 'sweep',
         jsonb_build_object('rule', 'levels from the deadline day (warning / yellow / red)', 'today', today, 'clock', clock)
  FROM upd WHERE old_level <> new_level
  RETURNING id
), wanted AS (
  SELECT u.petition_no, u.department_code, col.color, u.deadline_date, u.yellow_from, u.red_from, u.clock,
         'petition:' || u.petition_no || ':overdue:' || col.color AS rule_key
  FROM upd u CROSS JOIN (VALUES ('yellow'), ('red')) AS col(color)
  WHERE u.overdue_cards AND u.old_level <> u.new_level
    AND (u.new_level = 'red' OR (u.new_level = 'yellow' AND col.color = 'yellow'))
), issued AS (
  INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, explanation, rule_key, auto_key)
  SELECT 'petition', w.petition_no, w.department_code, w.color, 'overdue',
         CASE w.color WHEN 'yellow' THEN format('超期办理：承诺时限截止 %s，%s 起黄牌', w.deadline_date, w.yellow_from)
                      ELSE format('严重超期：承诺时限截止 %s，%s 起红牌', w.deadline_date, w.red_from) END,
         jsonb_build_object('deadlineDate', w.deadline_date, 'yellowFrom', w.yellow_from, 'redFrom', w.red_from, 'clock', w.clock),
         w.rule_key,
         w.rule_key || '#' || (SELECT count(*) FROM cards p WHERE p.rule_key = w.rule_key AND p.color IS NOT NULL)
  FROM wanted w
  WHERE NOT EXISTS (SELECT 1 FROM cards a WHERE a.rule_key = w.rule_key AND a.color IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM cards x WHERE x.revokes = a.id))
  ON CONFLICT (auto_key) DO NOTHING
  RETURNING id
)
SELECT (SELECT count(*) FROM upd)::int AS moved,
       (SELECT count(*) FROM changes)::int AS changed,
       (SELECT count(*) FROM issued)::int AS cards
