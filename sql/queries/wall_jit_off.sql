-- For the rest of the wall's read transaction: no JIT compilation. Its statements are index and
-- rollup reads; a fallback branch for a jurisdiction outside Asia/Shanghai (never run there) carries
-- an estimated cost above jit_above_cost on a province's store, and compiling it took ~70–100 ms per
-- statement, more than running the statement (bench/volume.bench.ts).
-- (no parameters)
SELECT set_config('jit', 'off', true)
