-- The highest active card of every open case (issue 13), so that the wall shows an open case at the
-- higher of its clock's level and its card.
--
-- A case's level is its clock's (deadline, warning / yellow / red days); its cards are what was
-- issued — automatically (overdue at the yellow and red days, fee, procedure, one-time
-- notification) or by a supervisor (manual, with a reason). A manual yellow card on a case at
-- 预警 left the wall's 黄牌 tile unmoved. The wall reads the few open cases whose card is above
-- their clock's level (sql/queries/wall_card_tiles.sql) and moves them to the card's bucket.
--
-- Kept by triggers, set-based, so the wall reads O(open carded cases) rows: a statement that
-- inserts cards (issue or revocation) recomputes its cases; a case that is concluded or returned
-- leaves; one that becomes open again (a late event) is recomputed.
CREATE TABLE open_case_cards (
  case_no         text PRIMARY KEY,
  department_code text NOT NULL,
  color           text NOT NULL CHECK (color IN ('yellow', 'red'))
);
CREATE INDEX open_case_cards_department ON open_case_cards (department_code);

CREATE FUNCTION open_case_cards_refresh(nos text[]) RETURNS void LANGUAGE sql AS $$
  WITH lv AS (
    SELECT c.case_no, c.department_code, CASE WHEN bool_or(k.color = 'red') THEN 'red' ELSE 'yellow' END AS color
    FROM cases c
    JOIN cards k ON k.subject = 'case' AND k.subject_no = c.case_no AND k.color IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = k.id)
    WHERE c.case_no = ANY (nos) AND c.concluded_at IS NULL AND c.returned_at IS NULL
    GROUP BY 1, 2
  ), gone AS (
    DELETE FROM open_case_cards o WHERE o.case_no = ANY (nos) AND NOT EXISTS (SELECT 1 FROM lv WHERE lv.case_no = o.case_no)
  )
  INSERT INTO open_case_cards (case_no, department_code, color)
  SELECT case_no, department_code, color FROM lv ORDER BY case_no
  ON CONFLICT (case_no) DO UPDATE SET department_code = EXCLUDED.department_code, color = EXCLUDED.color
$$;

CREATE FUNCTION open_case_cards_cards_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM open_case_cards_refresh(array(SELECT DISTINCT subject_no FROM new_rows WHERE subject = 'case'));
  RETURN NULL;
END $$;

CREATE FUNCTION open_case_cards_case_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.concluded_at IS NOT NULL OR NEW.returned_at IS NOT NULL THEN
    DELETE FROM open_case_cards WHERE case_no = NEW.case_no;
  ELSE
    PERFORM open_case_cards_refresh(ARRAY[NEW.case_no]);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER cards_open_case_cards AFTER INSERT ON cards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION open_case_cards_cards_inserted();
CREATE TRIGGER cases_open_case_cards AFTER UPDATE ON cases FOR EACH ROW
  WHEN ((OLD.concluded_at IS NULL AND OLD.returned_at IS NULL) IS DISTINCT FROM (NEW.concluded_at IS NULL AND NEW.returned_at IS NULL)
        OR OLD.department_code IS DISTINCT FROM NEW.department_code)
  EXECUTE FUNCTION open_case_cards_case_moved();

SELECT open_case_cards_refresh(array(SELECT DISTINCT subject_no FROM cards WHERE subject = 'case' AND color IS NOT NULL));
