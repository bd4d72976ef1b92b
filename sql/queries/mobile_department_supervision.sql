-- The latest urgings and supervision orders of one department (in the user's scope), as JSON arrays.
-- $1 bigint: user id, $2 text: department code, $3 int: limit of each
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT
  coalesce((SELECT jsonb_agg(u ORDER BY u."createdAt" DESC) FROM (
    SELECT g.id::text AS id, g.case_no AS "caseNo", left(g.message, 200) AS message, g.created_at AS "createdAt",
           (SELECT count(*) FROM urging_replies r WHERE r.urging_id = g.id)::int AS replies
    FROM urgings g, scope WHERE g.department_code = $2 AND $2 = ANY (scope.codes) ORDER BY g.id DESC LIMIT $3) u), '[]') AS urgings,
  coalesce((SELECT jsonb_agg(o ORDER BY o.id::bigint DESC) FROM (
    SELECT o.id::text AS id, o.order_no AS "orderNo", o.state, o.level, to_char(o.due_date, 'YYYY-MM-DD') AS "dueDate", o.case_no AS "caseNo"
    FROM supervision_orders o, scope WHERE o.department_code = $2 AND $2 = ANY (scope.codes) ORDER BY o.id DESC LIMIT $3) o), '[]') AS orders
