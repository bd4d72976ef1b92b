-- The deadline sweep for supervision orders (督办), the twin of sweep_levels.sql: moves up to $2
-- issued orders whose next level transition is due at $1 to their level (domain/supervision/
-- orderLevelAt.ts: warning / yellow / red from the stored dates, 00:00 local, inclusive), records
-- each change in level_changes (subject 'order', with its explanation) and issues the overdue
-- yellow / red card (subject 'order', one active card per rule_key). The triggers of migration 071
-- turn the level change and the card into notifications. Orders locked by a step are skipped
-- (the step stops their clock anyway).
-- $1 timestamptz: now, $2 int: batch size
-- Returns one row: moved, changed (level changes), cards (cards issued).
WITH due AS (
  SELECT id FROM supervision_orders WHERE next_transition_at <= $1 AND state = 'issued'
  ORDER BY next_transition_at LIMIT $2 FOR UPDATE SKIP LOCKED
), calc AS (
  SELECT o.id, o.level AS old_level, o.department_code, o.order_no, o.due_date, o.due_working_days, o.warning_from,
         o.yellow_from, o.red_from, o.time_zone, o.clock, ($1::timestamptz AT TIME ZONE o.time_zone)::date AS today
  FROM supervision_orders o JOIN due USING (id)
), nxt AS (
  SELECT calc.*,
         CASE WHEN red_from <= today THEN 'red'
              WHEN yellow_from <= today THEN 'yellow'
              WHEN warning_from <= today THEN 'warning'
              ELSE 'normal' END AS new_level,
         (SELECT min(d) FROM unnest(ARRAY[warning_from, yellow_from, red_from]) AS d WHERE d > today) AS next_day
  FROM calc
), upd AS (
  UPDATE supervision_orders o
  SET level = nxt.new_level,
      next_transition_at = CASE WHEN nxt.next_day IS NULL THEN NULL ELSE nxt.next_day::timestamp AT TIME ZONE nxt.time_zone END,
      version = o.version + 1
  FROM nxt WHERE o.id = nxt.id
  RETURNING o.id
), moved AS (
  SELECT nxt.* FROM nxt WHERE nxt.old_level <> nxt.new_level
), changes AS (
  INSERT INTO level_changes (subject, subject_no, department_code, from_level, to_level, effective_at, source, explanation)
  SELECT 'order', id::text, department_code, old_level, new_level, $1, 'sweep',
         jsonb_build_object('rule', 'supervision order: levels from the due date (warning / yellow / red)', 'today', today,
                            'orderNo', order_no, 'dueDate', due_date, 'dueInWorkingDays', due_working_days,
                            'warningFrom', warning_from, 'yellowFrom', yellow_from, 'redFrom', red_from, 'clock', clock)
  FROM moved
  RETURNING id
), wanted AS (
  SELECT m.id, m.department_code, m.order_no, col.color, m.due_date, m.yellow_from, m.red_from,
         'order:' || m.id || ':overdue:' || col.color AS rule_key
  FROM moved m CROSS JOIN (VALUES ('yellow'), ('red')) AS col(color)
  WHERE m.new_level = 'red' OR (m.new_level = 'yellow' AND col.color = 'yellow')
), issued AS (
  INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, explanation, rule_key, auto_key)
  SELECT 'order', w.id::text, w.department_code, w.color, 'overdue',
         CASE w.color WHEN 'yellow' THEN format('督办 %s 超期：办理期限 %s，%s 起黄牌', w.order_no, w.due_date, w.yellow_from)
                      ELSE format('督办 %s 严重超期：办理期限 %s，%s 起红牌', w.order_no, w.due_date, w.red_from) END,
         jsonb_build_object('orderNo', w.order_no, 'dueDate', w.due_date, 'yellowFrom', w.yellow_from, 'redFrom', w.red_from),
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
