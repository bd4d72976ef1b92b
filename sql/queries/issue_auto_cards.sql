-- Issues automatic cards, one active card per rule_key; numbering auto_key after earlier ones.
-- $1 json: array of {subject, subject_no, department_code, color, rule, rule_key, reason, explanation, effective_at}
-- (effective_at: when the rule was broken, migration 110)
INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, explanation, rule_key, auto_key, effective_at)
SELECT r.subject, r.subject_no, r.department_code, r.color, r.rule, r.reason, r.explanation, r.rule_key,
       r.rule_key || '#' || (SELECT count(*) FROM cards p WHERE p.rule_key = r.rule_key AND p.color IS NOT NULL),
       r.effective_at
FROM json_to_recordset($1::json) AS r(subject text, subject_no text, department_code text, color text, rule text,
                                      rule_key text, reason text, explanation jsonb, effective_at timestamptz)
WHERE NOT EXISTS (
  SELECT 1 FROM cards a WHERE a.rule_key = r.rule_key AND a.color IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM cards x WHERE x.revokes = a.id))
ON CONFLICT (auto_key) DO NOTHING
RETURNING id, subject_no, rule_key, color
