-- Folds the committed deltas of the wall's open case and petition counts (migration 090) and of its
-- concluded counts by day (migration 282) and of its counts of the day (migration 370) into their bases.
-- Returns the number of delta rows folded.
-- (no parameters)
SELECT wall_open_counts_compact() + wall_concluded_counts_compact() + wall_day_counts_compact() AS folded
