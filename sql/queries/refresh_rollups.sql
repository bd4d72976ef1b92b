-- Brings the event rollups up to date (continuous aggregate or materialized view).
CALL refresh_event_counts()
