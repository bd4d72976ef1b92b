-- One item of the service guide with its department, guide texts and its on-time rate over the
-- last 365 days (concluded on or before the deadline date ÷ concluded with a deadline).
-- $1 text: item code
SELECT i.code, i.name, i.case_type, i.legal_limit, i.legal_unit, i.promised_limit, i.promised_unit,
       i.fee_standard::float8 AS fee, i.fee_basis, i.guide_materials, i.guide_process,
       i.department_code, coalesce(d.short_name, d.name) AS department_name,
       t.concluded, t.on_time
FROM items i
JOIN departments d ON d.code = i.department_code
CROSS JOIN LATERAL (
  SELECT count(*)::int AS concluded,
         (count(*) FILTER (WHERE (c.concluded_at AT TIME ZONE coalesce(j.time_zone, 'Asia/Shanghai'))::date <= k.deadline_date))::int AS on_time
  FROM cases c
  JOIN case_clocks k USING (case_no)
  LEFT JOIN jurisdictions j ON j.code = d.jurisdiction_code
  WHERE c.item_code = i.code AND c.concluded_at >= now() - interval '365 days' AND k.deadline_date IS NOT NULL
) t
WHERE i.code = $1 AND i.active AND d.active
