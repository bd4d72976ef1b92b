-- Whether calendar_days holds a jurisdiction's days (custom reports count working days used on it).
-- $1 text: jurisdiction code
SELECT EXISTS (SELECT 1 FROM calendar_days WHERE jurisdiction_code = $1) AS loaded
