-- The stored statistics period rules of a jurisdiction (none: the shipped default applies).
-- $1 text: jurisdiction code
SELECT rules, updated_by, updated_at FROM statistics_period_rules WHERE jurisdiction_code = $1
