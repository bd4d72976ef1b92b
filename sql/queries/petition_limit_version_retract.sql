-- Removes one version of a jurisdiction's petition limit; returns the removed row (no row: not
-- the jurisdiction's). The caller restores base_before ({value, unit}, or {"none": true} when the
-- jurisdiction had no row of its own) when it is set.
-- $1 text: jurisdiction code, $2 bigint: version id
DELETE FROM petition_limit_versions WHERE jurisdiction_code = $1 AND id = $2
RETURNING id::text AS id, jurisdiction_code, petition_kind, stage, limit_value, limit_unit,
          to_char(accepted_from, 'YYYY-MM-DD') AS accepted_from, base_before
