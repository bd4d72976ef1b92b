-- Removes a jurisdiction's own petition limit (the '*' default or the shipped default applies
-- again): the retraction of a version saved when the jurisdiction had no row of its own.
-- $1 text: jurisdiction code, $2 text: petition kind, $3 text: stage
DELETE FROM petition_limits WHERE jurisdiction_code = $1 AND petition_kind = $2 AND stage = $3 AND jurisdiction_code <> '*'
