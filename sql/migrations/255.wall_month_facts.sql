-- The wall's month figures (cases concluded this local month, how many on time, and the
-- departments ranked by it: wall_tiles.sql, wall_rankings.sql) counted cases ⋈ case_clocks over
-- every case concluded this month: seconds on a province's store (bench/volume.bench.ts: 69,000
-- cases concluded in the first six days of a month of a million-case store). They now read the
-- statistics facts (migration 150: one narrow row per case with its conclusion day in
-- Asia/Shanghai, its deadline date and status class, kept in the writer's transaction) through
-- this index, by an index-only scan. A jurisdiction in another time zone keeps the raw count (its
-- local days are not the facts' days).
CREATE INDEX stat_case_facts_concluded ON stat_case_facts (concluded_day, department_code) INCLUDE (deadline_date)
  WHERE status_class = 'concluded';
