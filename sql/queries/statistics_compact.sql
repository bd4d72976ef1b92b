-- Folds the statistics rollups' deltas into their bases; returns how many delta rows it folded.
SELECT stat_counts_compact() AS folded
