-- The wall shows an open case at the higher of its clock's level and its highest active card
-- (migration 111): a case at 预警 holding a supervisor's yellow card counts as 黄牌. This reads the
-- cases whose card is above their clock's level (few), by department, so that the caller moves them
-- from the clock's bucket to the card's in the tiles and the department board.
-- $1 text: jurisdiction code
WITH RECURSIVE scope AS (
  SELECT code FROM jurisdictions WHERE code = $1
  UNION SELECT j.code FROM jurisdictions j JOIN scope s ON j.parent_code = s.code
)
SELECT o.department_code, coalesce(k.level, 'normal') AS clock_level, o.color, count(*)::int AS n
FROM open_case_cards o
JOIN departments d ON d.code = o.department_code
LEFT JOIN case_clocks k ON k.case_no = o.case_no
WHERE d.jurisdiction_code IN (SELECT code FROM scope)
  AND (o.color = 'red' AND coalesce(k.level, 'normal') <> 'red'
       OR o.color = 'yellow' AND coalesce(k.level, 'normal') IN ('normal', 'warning'))
GROUP BY 1, 2, 3
