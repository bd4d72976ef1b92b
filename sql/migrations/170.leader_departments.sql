-- The leaders' mobile dashboard (issue 16): 分管领导 scope and leaders' red-card notices.
--
-- leader_departments: the departments a leader is in charge of (分管). A leader with rows sees
-- those departments and everything below them (departments.parent_code tree), within their
-- jurisdiction; a leader without rows (a district leader, 区领导) sees the whole jurisdiction as
-- before. The scope is enforced where every other scope is: visible_departments(), redefined
-- below with the same rules for every other role (030), so the console, the orders, the
-- instructions and the mobile API all follow it.
CREATE TABLE leader_departments (
  user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  department_code text NOT NULL REFERENCES departments (code) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, department_code)
);
CREATE INDEX leader_departments_department ON leader_departments (department_code);

CREATE OR REPLACE FUNCTION visible_departments(p_user bigint) RETURNS text[]
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE
  u AS (
    SELECT u.id, u.roles, u.department_code, u.jurisdiction_code, d.jurisdiction_code AS department_jurisdiction,
           EXISTS (SELECT 1 FROM leader_departments ld WHERE ld.user_id = u.id) AS assigned
    FROM users u LEFT JOIN departments d ON d.code = u.department_code
    WHERE u.id = p_user AND u.active
  ),
  -- the roles that see a whole jurisdiction: admin, supervisor, and a leader without assignments
  jroots(code) AS (
    SELECT coalesce(u.jurisdiction_code, u.department_jurisdiction) FROM u
    WHERE (u.roles && ARRAY['admin', 'supervisor']::text[] OR ('leader' = ANY (u.roles) AND NOT u.assigned))
      AND coalesce(u.jurisdiction_code, u.department_jurisdiction) IS NOT NULL
    UNION
    SELECT j.code FROM jurisdictions j, u
    WHERE 'admin' = ANY (u.roles) AND u.jurisdiction_code IS NULL AND u.department_code IS NULL AND j.parent_code IS NULL
  ),
  jt(code) AS (
    SELECT code FROM jroots
    UNION
    SELECT j.code FROM jurisdictions j JOIN jt ON j.parent_code = jt.code
  ),
  -- a leader's own jurisdiction tree (assigned departments must lie inside it)
  ljt(code) AS (
    SELECT coalesce(u.jurisdiction_code, u.department_jurisdiction) FROM u WHERE 'leader' = ANY (u.roles) AND u.assigned
    UNION
    SELECT j.code FROM jurisdictions j JOIN ljt ON j.parent_code = ljt.code
  ),
  dt(code) AS (
    SELECT d.code FROM departments d JOIN u ON d.code = u.department_code
    WHERE u.roles && ARRAY['department_head', 'department_staff']::text[]
    UNION
    SELECT d.code FROM departments d JOIN u ON u.assigned AND 'leader' = ANY (u.roles)
      JOIN leader_departments ld ON ld.user_id = u.id AND ld.department_code = d.code
    WHERE d.jurisdiction_code IN (SELECT code FROM ljt)
    UNION
    SELECT d.code FROM departments d JOIN dt ON d.parent_code = dt.code
  )
  SELECT coalesce(array_agg(DISTINCT code ORDER BY code), '{}')
  FROM (SELECT d.code FROM departments d JOIN jt ON d.jurisdiction_code = jt.code
        UNION ALL
        SELECT code FROM dt) v
$$;

-- A new red card on a case → the leaders whose scope holds its department, in-app only (the
-- leaders' mobile inbox and its live alert; e-mail and SMS stay with the responsible people of
-- 071's cards_notify, so a leader's phone is not flooded by text messages).
CREATE FUNCTION cards_notify_leaders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_cards WHERE color = 'red' AND subject = 'case') THEN
    RETURN NULL;
  END IF;
  -- each leader's scope once per statement (a sweep may issue thousands of cards at once)
  WITH leaders AS (
    SELECT u.id AS user_id, visible_departments(u.id) AS codes FROM users u WHERE u.active AND 'leader' = ANY (u.roles)
  )
  INSERT INTO notification_outbox (event, channel, user_id, subject, subject_no, card_id, params, urgent, dedupe_key)
  SELECT 'card.issued', 'inapp', l.user_id, c.subject, c.subject_no, c.id,
         jsonb_build_object('color', c.color, 'rule', c.rule, 'reason', c.reason, 'subjectNo', c.subject_no,
                            'departmentCode', c.department_code, 'manual', c.issued_by <> 'system', 'orderNo', NULL),
         true, 'card:' || c.id || ':' || l.user_id || ':inapp'
  FROM new_cards c
  JOIN leaders l ON c.department_code = ANY (l.codes)
  WHERE c.color = 'red' AND c.subject = 'case'
  ON CONFLICT (dedupe_key) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER cards_notify_leaders AFTER INSERT ON cards REFERENCING NEW TABLE AS new_cards
  FOR EACH STATEMENT EXECUTE FUNCTION cards_notify_leaders();
