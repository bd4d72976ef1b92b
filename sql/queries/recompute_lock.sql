-- Takes the recompute lock for the rest of the transaction (migration 025 clock_recompute_lock):
-- recomputes run one at a time, and projections and the sweep wait to write cases until it commits.
-- No parameters.
SELECT clock_recompute_lock() AS locked
