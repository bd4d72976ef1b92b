-- An item's limits changed (a saved item-limits rule change or its retraction): the open cases of
-- the item take the limit the clock counts — the case's own promised limit, else the item's, else
-- the case's own legal limit, else the item's (domain/clock/caseClock.ts) — and the legal limit
-- shown beside it. The item's limits of a case are those of the newest item_limit_versions row
-- whose accepted_from holds for the case's acceptance date (level_scheme_version_index, migration
-- 270), else the items row (migration 320; domain/rules/limitVersions.ts governingLimits).
-- Only the rows whose limits change are written; the caller then runs recompute_deadlines.sql for
-- the item in the same transaction.
-- $1 text: jurisdiction code, $2 text: item code
-- Returns the number of case_clocks rows updated.
WITH v AS MATERIALIZED (
  SELECT array_agg(id ORDER BY id DESC) AS ids, array_agg(accepted_from ORDER BY id DESC) AS froms
  FROM item_limit_versions WHERE item_code = $2
), upd AS (
  UPDATE case_clocks cc
  SET limit_value = x.lv, limit_unit = x.lu, legal_limit_value = x.gv, legal_limit_unit = x.gu
  FROM (
    SELECT c.case_no,
           CASE WHEN c.promised_limit IS NOT NULL THEN c.promised_limit WHEN g.pv IS NOT NULL THEN g.pv
                WHEN c.legal_limit IS NOT NULL THEN c.legal_limit ELSE g.gv END AS lv,
           CASE WHEN c.promised_limit IS NOT NULL THEN c.promised_unit WHEN g.pv IS NOT NULL THEN g.pu
                WHEN c.legal_limit IS NOT NULL THEN c.legal_unit WHEN g.gv IS NOT NULL THEN g.gu END AS lu,
           CASE WHEN c.legal_limit IS NOT NULL THEN c.legal_limit ELSE g.gv END AS gv,
           CASE WHEN c.legal_limit IS NOT NULL THEN c.legal_unit WHEN g.gv IS NOT NULL THEN g.gu END AS gu
    FROM case_clocks k
    JOIN cases c ON c.case_no = k.case_no
    JOIN items i ON i.code = $2
    CROSS JOIN v
    LEFT JOIN item_limit_versions lv ON lv.id = v.ids[level_scheme_version_index(v.froms, k.clock_accepted)]
    CROSS JOIN LATERAL (
      SELECT CASE WHEN lv.id IS NOT NULL THEN lv.promised_limit ELSE i.promised_limit END AS pv,
             CASE WHEN lv.id IS NOT NULL THEN lv.promised_unit ELSE i.promised_unit END AS pu,
             CASE WHEN lv.id IS NOT NULL THEN lv.legal_limit ELSE i.legal_limit END AS gv,
             CASE WHEN lv.id IS NOT NULL THEN lv.legal_unit ELSE i.legal_unit END AS gu
    ) g
    WHERE k.jurisdiction_code = $1 AND k.item_code = $2
      AND k.clock_status <> 'closed' AND k.clock_accepted IS NOT NULL
  ) x
  WHERE cc.case_no = x.case_no
    AND (cc.limit_value, cc.limit_unit, cc.legal_limit_value, cc.legal_limit_unit) IS DISTINCT FROM (x.lv, x.lu, x.gv, x.gu)
  RETURNING 1
)
SELECT count(*)::int AS n FROM upd
