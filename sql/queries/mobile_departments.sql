-- The department board of the mobile view: open cases by clock level and active cards per
-- department in the user's scope, worst first (red, yellow, warning, open). $2 restricts to one.
-- $1 bigint: user id, $2 text: one department code or NULL
WITH scope AS (SELECT visible_departments($1) AS codes)
SELECT d.code, d.name,
       count(k.case_no)::int AS open,
       count(k.case_no) FILTER (WHERE k.level = 'warning')::int AS warning,
       count(k.case_no) FILTER (WHERE k.level = 'yellow')::int AS yellow,
       count(k.case_no) FILTER (WHERE k.level = 'red')::int AS red,
       (SELECT count(*) FROM open_case_cards oc WHERE oc.department_code = d.code)::int AS active_cards
FROM departments d
CROSS JOIN scope
LEFT JOIN cases c ON c.department_code = d.code AND c.concluded_at IS NULL AND c.returned_at IS NULL
LEFT JOIN case_clocks k ON k.case_no = c.case_no
WHERE d.code = ANY (scope.codes) AND ($2::text IS NULL OR d.code = $2)
GROUP BY d.code, d.name
ORDER BY red DESC, yellow DESC, warning DESC, open DESC, d.code
