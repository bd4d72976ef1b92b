-- The console's "alerts by deadline" (view=alert, sort=deadlineDate, ascending: the most urgent
-- first) as an index-only walk that stops at the page. Migration 330's keys served view=alert
-- newest first (`case_list_keys_newest`) and a status by deadline (`case_list_keys_status_deadline`),
-- but alerts by deadline read every case above normal (≈ 200,000 at 1,000,000 cases) and sorted
-- them: 222 / 235 ms p50 / p95 over HTTP on the volume benchmark's 10M-event store (quiet machine),
-- against 9 / 13 ms on its 100k store. This partial index holds exactly those entries in the list's
-- order (deadline ascending, no deadline last, then the newest first: `case_list.sql`'s ORDER BY
-- once PostgreSQL's custom plan folds its CASE on the sort parameters) with the columns the keys'
-- filters read, so the page's case numbers come from its first entries.
CREATE INDEX IF NOT EXISTS case_list_keys_alert_deadline
  ON case_list_keys (deadline_date ASC NULLS LAST, received_at DESC, case_no DESC)
  INCLUDE (department_code, joint_departments, status)
  WHERE level <> 'normal';
