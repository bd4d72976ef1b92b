-- An item's limits changed (a saved item-limits rule change): the open cases of the item take the
-- limit the clock counts — the case's own promised limit, else the item's, else the case's own
-- legal limit, else the item's (domain/clock/caseClock.ts) — and the legal limit shown beside it.
-- Only the rows whose limits change are written; the caller then runs recompute_deadlines.sql for
-- the item in the same transaction.
-- $1 text: jurisdiction code, $2 text: item code, $3 int: promised limit or NULL, $4 text: its unit,
-- $5 int: legal limit or NULL, $6 text: its unit
-- Returns the number of case_clocks rows updated.
WITH upd AS (
  UPDATE case_clocks cc
  SET limit_value = x.lv, limit_unit = x.lu, legal_limit_value = x.gv, legal_limit_unit = x.gu
  FROM (
    SELECT c.case_no,
           CASE WHEN c.promised_limit IS NOT NULL THEN c.promised_limit WHEN $3::int IS NOT NULL THEN $3::int
                WHEN c.legal_limit IS NOT NULL THEN c.legal_limit ELSE $5::int END AS lv,
           CASE WHEN c.promised_limit IS NOT NULL THEN c.promised_unit WHEN $3::int IS NOT NULL THEN $4::text
                WHEN c.legal_limit IS NOT NULL THEN c.legal_unit WHEN $5::int IS NOT NULL THEN $6::text END AS lu,
           CASE WHEN c.legal_limit IS NOT NULL THEN c.legal_limit ELSE $5::int END AS gv,
           CASE WHEN c.legal_limit IS NOT NULL THEN c.legal_unit WHEN $5::int IS NOT NULL THEN $6::text END AS gu
    FROM cases c
    WHERE c.item_code = $2
  ) x
  WHERE cc.case_no = x.case_no AND cc.jurisdiction_code = $1 AND cc.item_code = $2
    AND cc.clock_status <> 'closed' AND cc.clock_accepted IS NOT NULL
    AND (cc.limit_value, cc.limit_unit, cc.legal_limit_value, cc.legal_limit_unit) IS DISTINCT FROM (x.lv, x.lu, x.gv, x.gu)
  RETURNING 1
)
SELECT count(*)::int AS n FROM upd
