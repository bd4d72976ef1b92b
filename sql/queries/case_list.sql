-- Cases the user may see, filtered and sorted; one page (or every row: $5 NULL = LIMIT ALL).
-- Department scope is enforced here: only cases of departments in visible_departments($1) (or joint
-- cases involving one of them). The same filters as case_list_count; the export declares its cursor over this statement.
-- $1 bigint: user id
-- $2 text: department code (that department and its subtree), or null for all visible
-- $3 text: status, or null
-- $4 text: level, or null
-- $5 int: page size (null: all rows)
-- $6 int: offset
-- $7 text: part of the receipt number (case-insensitive), or null
-- $8 text: item code, or null
-- $9 text: case type, or null
-- $10 timestamptz: received (submitted, else accepted) at or after, or null
-- $11 timestamptz: received before, or null
-- $12 text: view: all | inProgress | pending | concluded | alert | exceptions | fee | procedure (null = all)
-- $13 text: sort: receivedAt | acceptedAt | deadlineDate | concludedAt | level | caseNo | feeCharged (null = receivedAt)
-- $14 boolean: descending (null = true)
WITH scope AS MATERIALIZED (SELECT visible_departments($1) AS codes), -- once per statement, not per row
     dept AS MATERIALIZED (SELECT CASE WHEN $2::text IS NULL THEN NULL ELSE department_subtree($2) END AS codes),
     o AS (SELECT coalesce($13::text, 'receivedAt') AS key, coalesce($14::boolean, true) AS descending)
SELECT c.case_no, c.department_code, c.item_code, c.case_type, c.status, coalesce(k.level, 'normal') AS level, c.applicant,
       c.submitted_at, c.accepted_at, c.concluded_at, c.returned_at, c.result, k.deadline_date::text AS deadline_date,
       c.handler, c.suspended, c.supplement_count, c.fee_charged::float8 AS fee_charged, c.joint_departments, c.last_occurred_at,
       d.name AS department_name, i.name AS item_name, i.fee_standard::float8 AS fee_standard,
       k.limit_value, k.limit_unit, k.warning_from::text AS warning_from, k.yellow_from::text AS yellow_from, k.red_from::text AS red_from,
       k.clock_status,
       coalesce(k.time_zone, 'Asia/Shanghai') AS time_zone,
       coalesce(jsonb_array_length(c.state -> 'suspensions'), 0) AS suspension_count,
       coalesce(jsonb_array_length(c.state -> 'anomalies'), 0) AS anomaly_count,
       -- the highest active card (manual ones included): shown beside the clock's level
       (SELECT CASE WHEN bool_or(kc.color = 'red') THEN 'red' WHEN bool_or(kc.color = 'yellow') THEN 'yellow' END
        FROM cards kc WHERE kc.subject = 'case' AND kc.subject_no = c.case_no AND kc.color IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM cards rc WHERE rc.revokes = kc.id)) AS card_color
FROM cases c LEFT JOIN case_clocks k USING (case_no)
CROSS JOIN scope CROSS JOIN dept CROSS JOIN o
LEFT JOIN departments d ON d.code = c.department_code
LEFT JOIN items i ON i.code = c.item_code
WHERE (c.department_code = ANY (scope.codes) OR c.joint_departments && scope.codes)
  AND (dept.codes IS NULL OR c.department_code = ANY (dept.codes))
  AND ($3::text IS NULL OR c.status = $3)
  AND ($4::text IS NULL OR coalesce(k.level, 'normal') = $4)
  -- with a department: the same level and department from the statistics facts (migration 150: the
  -- case's department and its clock's level, kept in the writer's transaction) through their index
  -- (migration 281), as an array of case numbers looked up by key: the few cases of a department at
  -- a level above normal, instead of walking every case of the scope newest first
  AND ($4::text IS NULL OR $4 = 'normal' OR $2::text IS NULL OR c.case_no = ANY (ARRAY (
        SELECT f.case_no FROM stat_case_facts f
        WHERE f.level = $4 AND f.department_code = ANY ((SELECT codes FROM dept)::text[]))))
  -- a page whose every filter and order the narrow keys of migration 330 hold (no number search, item
  -- or case type; a view of status or level; ordered by receipt, deadline, level or number; a page,
  -- not every row; not a department with a level above normal, which the facts above find by key):
  -- its case numbers from case_list_keys first, an index-only walk of narrow entries (the newest
  -- first, or a status's entries by deadline), then only those cases are fetched. The predicates
  -- around stay, so the rows are the same; otherwise this folds to true
  AND (NOT ($5::int IS NOT NULL AND $7::text IS NULL AND $8::text IS NULL AND $9::text IS NULL
            AND NOT ($2::text IS NOT NULL AND $4::text IS NOT NULL AND $4 <> 'normal')
            AND coalesce($12::text, 'all') IN ('all', 'inProgress', 'pending', 'concluded', 'alert')
            AND coalesce($13::text, 'receivedAt') IN ('receivedAt', 'deadlineDate', 'level', 'caseNo'))
       OR c.case_no = ANY (ARRAY (
        SELECT x.case_no FROM case_list_keys x
        WHERE (x.department_code = ANY ((SELECT codes FROM scope)::text[]) OR x.joint_departments && (SELECT codes FROM scope)::text[])
          AND ($2::text IS NULL OR x.department_code = ANY ((SELECT codes FROM dept)::text[]))
          AND ($3::text IS NULL OR x.status = $3)
          AND ($4::text IS NULL OR x.level = $4)
          AND ($10::timestamptz IS NULL OR x.received_at >= $10)
          AND ($11::timestamptz IS NULL OR x.received_at < $11)
          AND CASE coalesce($12::text, 'all')
                WHEN 'inProgress' THEN x.status IN ('accepted', 'undertaken', 'reviewed', 'approved')
                WHEN 'pending' THEN x.status = 'submitted'
                WHEN 'concluded' THEN x.status = 'concluded'
                WHEN 'alert' THEN x.level <> 'normal'
                ELSE true END
        ORDER BY
          CASE WHEN $13::text = 'deadlineDate' AND NOT coalesce($14::boolean, true) THEN x.deadline_date END ASC NULLS LAST,
          CASE WHEN $13::text = 'deadlineDate' AND coalesce($14::boolean, true) THEN x.deadline_date END DESC NULLS LAST,
          CASE WHEN $13::text = 'level' AND NOT coalesce($14::boolean, true) THEN array_position(ARRAY['normal', 'warning', 'yellow', 'red'], x.level) END ASC,
          CASE WHEN $13::text = 'level' AND coalesce($14::boolean, true) THEN array_position(ARRAY['normal', 'warning', 'yellow', 'red'], x.level) END DESC,
          CASE WHEN $13::text = 'caseNo' AND NOT coalesce($14::boolean, true) THEN x.case_no END ASC,
          CASE WHEN coalesce($13::text, 'receivedAt') = 'receivedAt' AND NOT coalesce($14::boolean, true) THEN x.received_at END ASC,
          x.received_at DESC, x.case_no DESC
        LIMIT $5::int + coalesce($6::int, 0))))
  AND ($7::text IS NULL OR strpos(upper(c.case_no), upper($7)) > 0)
  -- the same match as a LIKE pattern (its wildcards escaped), which the trigram index of migration 281 serves
  AND ($7::text IS NULL OR upper(c.case_no) LIKE '%' || replace(replace(replace(upper($7), '\', '\\'), '%', '\%'), '_', '\_') || '%')
  AND ($8::text IS NULL OR c.item_code = $8)
  AND ($9::text IS NULL OR c.case_type = $9)
  AND ($10::timestamptz IS NULL OR coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) >= $10)
  AND ($11::timestamptz IS NULL OR coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) < $11)
  AND CASE coalesce($12::text, 'all')
        WHEN 'all' THEN true
        WHEN 'inProgress' THEN c.status IN ('accepted', 'undertaken', 'reviewed', 'approved')
        WHEN 'pending' THEN c.status = 'submitted'
        WHEN 'concluded' THEN c.status = 'concluded'
        WHEN 'alert' THEN coalesce(k.level, 'normal') <> 'normal'
        WHEN 'exceptions' THEN c.supplement_count > 0 OR c.suspended OR c.status = 'returned' OR jsonb_array_length(c.state -> 'suspensions') > 0
        WHEN 'fee' THEN c.fee_charged IS NOT NULL OR i.fee_standard > 0
        WHEN 'procedure' THEN jsonb_array_length(c.state -> 'anomalies') > 0
        ELSE false END
ORDER BY
  CASE WHEN o.key = 'acceptedAt' AND NOT o.descending THEN c.accepted_at END ASC NULLS LAST,
  CASE WHEN o.key = 'acceptedAt' AND o.descending THEN c.accepted_at END DESC NULLS LAST,
  CASE WHEN o.key = 'deadlineDate' AND NOT o.descending THEN k.deadline_date END ASC NULLS LAST,
  CASE WHEN o.key = 'deadlineDate' AND o.descending THEN k.deadline_date END DESC NULLS LAST,
  CASE WHEN o.key = 'concludedAt' AND NOT o.descending THEN c.concluded_at END ASC NULLS LAST,
  CASE WHEN o.key = 'concludedAt' AND o.descending THEN c.concluded_at END DESC NULLS LAST,
  CASE WHEN o.key = 'level' AND NOT o.descending THEN array_position(ARRAY['normal', 'warning', 'yellow', 'red'], coalesce(k.level, 'normal')) END ASC,
  CASE WHEN o.key = 'level' AND o.descending THEN array_position(ARRAY['normal', 'warning', 'yellow', 'red'], coalesce(k.level, 'normal')) END DESC,
  CASE WHEN o.key = 'feeCharged' AND NOT o.descending THEN c.fee_charged END ASC NULLS LAST,
  CASE WHEN o.key = 'feeCharged' AND o.descending THEN c.fee_charged END DESC NULLS LAST,
  CASE WHEN o.key = 'caseNo' AND NOT o.descending THEN c.case_no END ASC,
  CASE WHEN o.key = 'receivedAt' AND NOT o.descending THEN coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) END ASC,
  coalesce(c.submitted_at, c.accepted_at, c.last_occurred_at) DESC, c.case_no DESC
LIMIT $5 OFFSET $6
