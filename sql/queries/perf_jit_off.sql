-- For the rest of the scoring run's transaction: no JIT compilation. The fact queries are many
-- short index lookups whose estimated cost crosses jit_above_cost; compiling them took ~100 ms
-- per query and month, more than running them (bench/scoring.bench.ts).
-- (no parameters)
SELECT set_config('jit', 'off', true)
