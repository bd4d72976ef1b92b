-- Petition time limits ('*' rows are the defaults; a jurisdiction's own rows win).
SELECT jurisdiction_code, petition_kind, stage, limit_value, limit_unit FROM petition_limits
