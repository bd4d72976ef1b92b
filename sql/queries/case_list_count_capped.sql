-- How many cases case_list would list over all pages (same scope and filters as case_list_count),
-- counted up to $11 + 1 rows and no further: the console's "10,000+". An exact count visits every
-- matching row (every case of the scope without a filter: seconds at a province's million cases,
-- bench/volume.bench.ts); the capped one stops at the cap. The caller reports total = the cap and
-- totalCapped = true when the count exceeds it.
-- $1 bigint: user id
-- $2 text: department code (that department and its subtree), or null for all visible
-- $3 text: status, or null
-- $4 text: level, or null
-- $5 text: part of the receipt number (case-insensitive), or null
-- $6 text: item code, or null
-- $7 text: case type, or null
-- $8 timestamptz: received at or after, or null
-- $9 timestamptz: received before, or null
-- $10 text: view (as in case_list), or null
-- $11 int: the cap
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes), -- once per statement, not per row
     dept AS MATERIALIZED (SELECT CASE WHEN $2::text IS NULL THEN NULL ELSE department_subtree($2) END AS codes)
SELECT count(*) AS total FROM (
  -- every filter one the narrow keys of migration 330 hold (no number search, item or case type; a
  -- view of status or level; not a department with a level above normal, which the facts below
  -- find by key): counted there, an index-only walk of narrow entries (the same cases, the keys
  -- being kept in the writer's transaction); otherwise this branch folds away
  (SELECT 1
  FROM case_list_keys x
  CROSS JOIN scope CROSS JOIN dept
  WHERE $5::text IS NULL AND $6::text IS NULL AND $7::text IS NULL
    AND coalesce($10::text, 'all') IN ('all', 'inProgress', 'pending', 'concluded', 'alert')
    AND NOT ($2::text IS NOT NULL AND $4::text IS NOT NULL AND $4 <> 'normal')
    AND (x.department_code = ANY (scope.codes) OR x.joint_departments && scope.codes)
    AND (dept.codes IS NULL OR x.department_code = ANY (dept.codes))
    AND ($3::text IS NULL OR x.status = $3)
    AND ($4::text IS NULL OR x.level = $4)
    AND ($8::timestamptz IS NULL OR x.received_at >= $8)
    AND ($9::timestamptz IS NULL OR x.received_at < $9)
    AND CASE coalesce($10::text, 'all')
          WHEN 'inProgress' THEN x.status IN ('accepted', 'undertaken', 'reviewed', 'approved')
          WHEN 'pending' THEN x.status = 'submitted'
          WHEN 'concluded' THEN x.status = 'concluded'
          WHEN 'alert' THEN x.level <> 'normal'
          ELSE true END
  LIMIT $11::int + 1)
  UNION ALL
  (SELECT 1
  FROM cases c LEFT JOIN case_clocks k USING (case_no)
  CROSS JOIN scope CROSS JOIN dept
  LEFT JOIN items i ON i.code = c.item_code
  WHERE (c.department_code = ANY (scope.codes) OR c.joint_departments && scope.codes)
    AND (dept.codes IS NULL OR c.department_code = ANY (dept.codes))
    AND ($3::text IS NULL OR c.status = $3)
    AND ($4::text IS NULL OR coalesce(k.level, 'normal') = $4)
    -- as in case_list.sql: the cases of the level (and department) from the facts' index
    AND ($4::text IS NULL OR $4 = 'normal' OR $2::text IS NULL OR c.case_no = ANY (ARRAY (
          SELECT f.case_no FROM stat_case_facts f
          WHERE f.level = $4 AND f.department_code = ANY ((SELECT codes FROM dept)::text[]))))
    AND ($5::text IS NULL OR strpos(upper(c.case_no), upper($5)) > 0)
    -- the same match as a LIKE pattern (its wildcards escaped), which the trigram index of migration 281 serves
    AND ($5::text IS NULL OR upper(c.case_no) LIKE '%' || replace(replace(replace(upper($5), '\', '\\'), '%', '\%'), '_', '\_') || '%')
    AND ($6::text IS NULL OR c.item_code = $6)
    AND ($7::text IS NULL OR c.case_type = $7)
    AND ($8::timestamptz IS NULL OR coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) >= $8)
    AND ($9::timestamptz IS NULL OR coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) < $9)
    AND CASE coalesce($10::text, 'all')
          WHEN 'all' THEN true
          WHEN 'inProgress' THEN c.status IN ('accepted', 'undertaken', 'reviewed', 'approved')
          WHEN 'pending' THEN c.status = 'submitted'
          WHEN 'concluded' THEN c.status = 'concluded'
          WHEN 'alert' THEN coalesce(k.level, 'normal') <> 'normal'
          WHEN 'exceptions' THEN c.supplement_count > 0 OR c.suspended OR c.status = 'returned' OR jsonb_array_length(c.state -> 'suspensions') > 0
          WHEN 'fee' THEN c.fee_charged IS NOT NULL OR i.fee_standard > 0
          WHEN 'procedure' THEN jsonb_array_length(c.state -> 'anomalies') > 0
          ELSE false END
    AND NOT ($5::text IS NULL AND $6::text IS NULL AND $7::text IS NULL
             AND coalesce($10::text, 'all') IN ('all', 'inProgress', 'pending', 'concluded', 'alert')
             AND NOT ($2::text IS NOT NULL AND $4::text IS NOT NULL AND $4 <> 'normal'))
  LIMIT $11::int + 1)
) capped
