-- One jurisdiction with its time zone.
-- $1 text: division code
SELECT code, name, level, time_zone FROM jurisdictions WHERE code = $1
