-- Folds the statistics rollups' deltas into their bases (migrations 150, 220 and 310); returns how
-- many delta rows it folded.
SELECT stat_counts_compact() + stat_group_counts_compact() + stat_dim_counts_compact() AS folded
