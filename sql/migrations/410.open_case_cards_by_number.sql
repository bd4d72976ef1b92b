-- open_case_cards_refresh (migration 111) looks each given case up by its number, whatever the
-- planner's statistics. The trigger of every statement that inserts cards calls it with the cards'
-- case numbers. On tables never analysed (a fresh database, a bulk import before autovacuum's
-- ANALYZE) the planner took 111's `c.case_no = ANY (nos) AND c.concluded_at IS NULL AND c.returned_at
-- IS NULL` as a walk of the partial index of all open cases (cases_open_department, migration 061)
-- filtered on the number: every open case read per card insert, a cost growing with open cases ×
-- cards (the fan-out benchmark: 5,030 rows removed by the filter for each of 52 cards; PostgreSQL
-- 80 % of the machine's CPU). Here each number is a lateral probe of the primary key, fenced by
-- OFFSET 0 so that the open-case condition stays outside it and cannot select the partial index;
-- the cards of a case likewise by cards_subject. Same rows as before
-- (sql/test/open-case-cards-plan.test.ts counts the case rows read on never-analysed tables).
CREATE OR REPLACE FUNCTION open_case_cards_refresh(nos text[]) RETURNS void LANGUAGE sql AS $$
  WITH lv AS (
    SELECT c.case_no, c.department_code, CASE WHEN bool_or(k.color = 'red') THEN 'red' ELSE 'yellow' END AS color
    FROM (SELECT DISTINCT no FROM unnest(nos) AS u(no)) n
    CROSS JOIN LATERAL (SELECT x.case_no, x.department_code, x.concluded_at, x.returned_at FROM cases x WHERE x.case_no = n.no OFFSET 0) c
    CROSS JOIN LATERAL (
      SELECT y.color FROM cards y
      WHERE y.subject = 'case' AND y.subject_no = n.no AND y.color IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = y.id)
      OFFSET 0
    ) k
    WHERE c.concluded_at IS NULL AND c.returned_at IS NULL
    GROUP BY 1, 2
  ), gone AS (
    DELETE FROM open_case_cards o WHERE o.case_no = ANY (nos) AND NOT EXISTS (SELECT 1 FROM lv WHERE lv.case_no = o.case_no)
  )
  INSERT INTO open_case_cards (case_no, department_code, color)
  SELECT case_no, department_code, color FROM lv ORDER BY case_no
  ON CONFLICT (case_no) DO UPDATE SET department_code = EXCLUDED.department_code, color = EXCLUDED.color
$$;
