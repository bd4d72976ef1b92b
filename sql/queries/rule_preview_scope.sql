-- The scope of the next COPY of rule_preview_clocks.sql / rule_preview_clocks_item.sql (COPY takes
-- no bind parameters): session settings, empty for "any department" / "any item". Set before
-- every read, so a pooled connection's earlier value is never used.
-- $1 text: jurisdiction code, $2 text: department code or NULL, $3 text: item code or NULL
SELECT set_config('rule_preview.jurisdiction', $1::text, false),
       set_config('rule_preview.department', coalesce($2::text, ''), false),
       set_config('rule_preview.item', coalesce($3::text, ''), false)
