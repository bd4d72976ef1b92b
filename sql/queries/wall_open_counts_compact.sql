-- Folds the committed deltas of the wall's open case and petition counts into their base (migration 090).
-- Returns the number of delta rows folded.
-- (no parameters)
SELECT wall_open_counts_compact() AS folded
