-- The stored projection of some cases as JSON: the cases row, its clock and its stages in order.
-- $1 text[]: case numbers
SELECT c.case_no,
       to_jsonb(c) AS cases,
       to_jsonb(k) AS clock,
       coalesce((SELECT jsonb_agg(to_jsonb(s) ORDER BY s.seq) FROM case_stages s WHERE s.case_no = c.case_no), '[]'::jsonb) AS stages
FROM cases c
LEFT JOIN case_clocks k ON k.case_no = c.case_no
WHERE c.case_no = ANY($1)
