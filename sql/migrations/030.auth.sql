-- Users, sessions, single-sign-on flows, and department scoping (who sees which departments).

-- Users of the system. Roles: admin, supervisor (监察员), leader (领导), department_head (部门负责人),
-- department_staff (办事员), display (wall display account). Source systems are not users: they use
-- API keys (source_keys). A user without a password hash logs in through OIDC or a certificate only.
CREATE TABLE users (
  id                  bigserial PRIMARY KEY,
  login               text NOT NULL CHECK (char_length(login) BETWEEN 2 AND 64 AND login !~ '\s'),
  display_name        text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
  phone               text,
  email               text,
  department_code     text REFERENCES departments (code),
  -- The jurisdiction that supervisors, leaders and admins see; defaults to their department's.
  jurisdiction_code   text REFERENCES jurisdictions (code),
  roles               text[] NOT NULL CHECK (
                        cardinality(roles) > 0
                        AND roles <@ ARRAY['admin', 'supervisor', 'leader', 'department_head', 'department_staff', 'display']::text[]),
  password_hash       text,                       -- argon2id, PHC string
  password_changed_at timestamptz,
  -- Client-certificate subject (CA login through a trusted reverse proxy), normalised.
  cert_subject        text UNIQUE,
  active              boolean NOT NULL DEFAULT true,
  failed_logins       int NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until        timestamptz,
  last_login_at       timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  -- department roles act on their department's subtree, so they need one
  CHECK (NOT (roles && ARRAY['department_head', 'department_staff']::text[]) OR department_code IS NOT NULL)
);
CREATE UNIQUE INDEX users_login ON users (lower(login));
CREATE INDEX users_department ON users (department_code);

-- Login sessions. The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  id_hash      text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  method       text NOT NULL CHECK (method IN ('password', 'oidc', 'cert')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  idle_timeout interval NOT NULL,
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- OIDC authorisation-code flows in progress (state → nonce and PKCE verifier), single use.
CREATE TABLE auth_flows (
  state         text PRIMARY KEY,
  nonce         text NOT NULL,
  code_verifier text NOT NULL,
  return_to     text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- A department and every department below it (departments.parent_code tree).
CREATE FUNCTION department_subtree(p_code text) RETURNS text[]
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE t(code) AS (
    SELECT code FROM departments WHERE code = p_code
    UNION
    SELECT d.code FROM departments d JOIN t ON d.parent_code = t.code
  )
  SELECT coalesce(array_agg(code ORDER BY code), '{}') FROM t
$$;

-- The departments a user may see and act on: the building block of department scoping. Every query
-- that returns department data filters with it IN SQL:
--   WHERE x.department_code = ANY ((SELECT visible_departments($1)))
-- (the scalar sub-select makes it evaluated once per statement).
--   * department_head, department_staff: their department's subtree;
--   * supervisor, leader, admin: every department of their jurisdiction and the jurisdictions below
--     it (jurisdictions.parent_code tree); the jurisdiction is users.jurisdiction_code, else that
--     of their department;
--   * an admin with neither jurisdiction nor department: every department;
--   * display, inactive or unknown users: none.
-- A user with several roles sees the union.
CREATE FUNCTION visible_departments(p_user bigint) RETURNS text[]
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE
  u AS (
    SELECT u.roles, u.department_code, u.jurisdiction_code, d.jurisdiction_code AS department_jurisdiction
    FROM users u LEFT JOIN departments d ON d.code = u.department_code
    WHERE u.id = p_user AND u.active
  ),
  jroots(code) AS (
    SELECT coalesce(u.jurisdiction_code, u.department_jurisdiction) FROM u
    WHERE u.roles && ARRAY['admin', 'supervisor', 'leader']::text[]
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
  dt(code) AS (
    SELECT d.code FROM departments d JOIN u ON d.code = u.department_code
    WHERE u.roles && ARRAY['department_head', 'department_staff']::text[]
    UNION
    SELECT d.code FROM departments d JOIN dt ON d.parent_code = dt.code
  )
  SELECT coalesce(array_agg(DISTINCT code ORDER BY code), '{}')
  FROM (SELECT d.code FROM departments d JOIN jt ON d.jurisdiction_code = jt.code
        UNION ALL
        SELECT code FROM dt) v
$$;

-- Case and petition lists are read newest first.
CREATE INDEX cases_newest ON cases ((coalesce(submitted_at, accepted_at, last_occurred_at)) DESC, case_no DESC);
CREATE INDEX petitions_newest ON petitions ((coalesce(received_at, last_occurred_at)) DESC, petition_no DESC);
