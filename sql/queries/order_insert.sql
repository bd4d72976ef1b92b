-- Issues a supervision order (its first step is inserted separately).
-- $1 text: jurisdiction, $2 text: department, $3 bigint: responsible user, $4 text: case no or NULL,
-- $5 bigint: urging id or NULL, $6 text: opinion, $7 int: due in working days, $8 bigint: created by,
-- $9 text: creator's name, $10 timestamptz: created at, $11 text: time zone, $12 date: due date,
-- $13 date: warning from, $14 date: yellow from, $15 date: red from, $16 jsonb: clock explanation,
-- $17 text: level now, $18 timestamptz: next transition (NULL: none)
INSERT INTO supervision_orders (jurisdiction_code, department_code, responsible_user_id, case_no, urging_id, opinion,
  due_working_days, created_by, created_by_name, created_at, time_zone, due_date, warning_from, yellow_from, red_from,
  clock, level, next_transition_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
RETURNING id::text AS id, order_no, department_code, responsible_user_id::text AS responsible_user_id, case_no,
          urging_id::text AS urging_id, opinion, due_working_days, created_by_name, created_at, to_char(due_date, 'YYYY-MM-DD') AS due_date,
          to_char(warning_from, 'YYYY-MM-DD') AS warning_from, to_char(yellow_from, 'YYYY-MM-DD') AS yellow_from,
          to_char(red_from, 'YYYY-MM-DD') AS red_from, state, level
