-- The open running clocks of one item (the scope of recompute_deadlines.sql for it), as
-- rule_preview_clocks.sql, with four more fields: the limits the case's acceptance stated itself
-- (cases.promised_limit, promised_unit, legal_limit, legal_unit; empty = none, the item's apply).
-- For the preview of an item-limits change. Fields 1–18 as rule_preview_clocks.sql, then
--   promised_limit, promised_unit, legal_limit, legal_unit
-- Read with COPY like rule_preview_clocks.sql: the jurisdiction and the item come from the settings
-- rule_preview.jurisdiction and rule_preview.item (rule_preview_scope.sql).
SELECT concat_ws(E'\t', cc.case_no, cc.department_code, coalesce(cc.item_code, ''), cc.time_zone, cc.clock_accepted, cc.limit_value, cc.limit_unit,
         coalesce(cc.excluded_from::text, ''), coalesce(cc.excluded_to::text, ''),
         coalesce(cc.restart_requested::text, ''), coalesce(cc.restart_supplied::text, ''),
         coalesce(cc.deadline_date::text, ''), coalesce(cc.warning_from::text, ''), coalesce(cc.yellow_from::text, ''),
         coalesce(cc.red_from::text, ''), cc.level,
         coalesce((extract(epoch FROM cc.next_transition_at) * 1000)::bigint::text, ''),
         CASE WHEN cc.overdue_cards THEN 't' ELSE 'f' END,
         coalesce(c.promised_limit::text, ''), coalesce(c.promised_unit, ''),
         coalesce(c.legal_limit::text, ''), coalesce(c.legal_unit, '')) AS r
FROM case_clocks cc
JOIN cases c ON c.case_no = cc.case_no
WHERE cc.jurisdiction_code = current_setting('rule_preview.jurisdiction', true) AND cc.clock_status = 'running' AND cc.stage_watch IS NULL
  AND cc.clock_accepted IS NOT NULL AND cc.limit_value IS NOT NULL AND cc.item_code = current_setting('rule_preview.item', true)
