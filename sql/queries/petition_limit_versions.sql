-- Petition limit versions (migration 320), oldest first; $1 text: one jurisdiction, or NULL for every one.
SELECT id::text AS id, jurisdiction_code, petition_kind, stage, limit_value, limit_unit,
       to_char(accepted_from, 'YYYY-MM-DD') AS accepted_from, created_at, created_by
FROM petition_limit_versions WHERE $1::text IS NULL OR jurisdiction_code = $1 ORDER BY id
