-- The name of the database this connection is on (audit anchors are kept per database).
SELECT current_database() AS database
