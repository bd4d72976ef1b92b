-- The console's list of one department, or of one level alone, at a province's size (issue 20,
-- bench/volume.bench.ts). Migration 330's keys give both their first page from the newest-first
-- walk (a department is a thirtieth of the cases, red a twentieth: the walk meets 50 of them within
-- a few thousand entries), but their capped total walks that order until 10,001 matches: ≈ 330,000
-- entries for a department and ≈ 200,000 for red at a million cases. Keyed by the department, or
-- by the level, each is an index range: the capped count reads 10,001 entries, the page its own.
--
-- The level's index is partial (above normal: a quarter of the cases at most, and a case at normal
-- — every new one — costs it nothing); a level of normal is three quarters of the cases, which the
-- newest-first walk meets at once. Both carry every column the list's filters read, as 330's do,
-- so their walks are index-only.
CREATE INDEX case_list_keys_department ON case_list_keys (department_code, received_at DESC, case_no DESC)
  INCLUDE (joint_departments, status, level, deadline_date);
CREATE INDEX case_list_keys_level ON case_list_keys (level, received_at DESC, case_no DESC)
  INCLUDE (department_code, joint_departments, status, deadline_date)
  WHERE level <> 'normal';
