-- Where each case's fold stopped (issue 20: the projection at the store's speed): the fold-order
-- key of the last event folded into `cases.state` and the fold's running values that the state
-- does not hold (domain/case/foldCase.ts `FoldCursor`). With it the projection folds only the
-- events still queued as unprojected (migration 300) onto the stored state when they all come
-- after that event — events arriving in order, the common case — instead of reading and folding
-- every event of the case again; a late event (or a row without a cursor: written before this
-- migration, or loaded directly as the benchmarks' stores are) takes the full fold, which writes
-- the cursor. Written with the state by insert_new_cases.sql and upsert_cases.sql; no trigger and
-- no index reads it.
ALTER TABLE cases ADD COLUMN fold_cursor jsonb;
