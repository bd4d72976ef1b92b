-- Takes the recompute lock for the rest of the transaction (migration 025 clock_recompute_lock):
-- recomputes run one at a time, and projections and the sweep wait to write cases until it commits.
-- Also, for this transaction only: no JIT (compiling the large recompute statement costs seconds and
-- saves nothing, its time is in the writes) and room for its intermediate rows (a million
-- narrow rows, ~150 MB) and hash joins, so that they stay in memory.
-- No parameters.
SELECT clock_recompute_lock() AS locked,
       set_config('jit', 'off', true) AS jit,
       set_config('work_mem', '256MB', true) AS work_mem
