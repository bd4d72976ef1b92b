-- Records an urging (催办); the trigger of migration 071 notifies its recipients.
-- $1 text: 'case' | 'department', $2 text: case no or NULL, $3 text: department, $4 text: message,
-- $5 bigint[]: recipient user ids, $6 bigint: created by, $7 text: creator's name
INSERT INTO urgings (subject, case_no, department_code, message, recipient_ids, created_by, created_by_name)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id::text AS id, subject, case_no, department_code, message, recipient_ids::text[] AS recipient_ids, created_by_name, created_at
