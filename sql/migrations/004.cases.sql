-- Current state of every case and petition: a projection, rebuilt from events by the fold.
CREATE TABLE cases (
  case_no            text PRIMARY KEY,
  department_code    text NOT NULL,
  item_code          text,
  case_type          text,
  status             text NOT NULL,
  applicant          jsonb,
  submitted_at       timestamptz,
  accepted_at        timestamptz,
  concluded_at       timestamptz,
  returned_at        timestamptz,
  result             text,
  certificate_no     text,
  fee_charged        numeric(14, 2),
  supplement_count   int NOT NULL DEFAULT 0,
  suspended          boolean NOT NULL DEFAULT false,
  joint_departments  text[] NOT NULL DEFAULT '{}',
  handler            text,
  state              jsonb NOT NULL,
  event_count        int NOT NULL,
  last_occurred_at   timestamptz NOT NULL,
  -- the clock (filled by the deadline engine)
  legal_limit        int,
  legal_unit         text,
  promised_limit     int,
  promised_unit      text,
  deadline_date      date,
  warning_from       date,
  yellow_from        date,
  red_from           date,
  level              text NOT NULL DEFAULT 'normal' CHECK (level IN ('normal', 'warning', 'yellow', 'red')),
  next_transition_at timestamptz,
  projected_at       timestamptz NOT NULL DEFAULT now(),
  version            bigint NOT NULL DEFAULT 1
);
CREATE INDEX cases_department ON cases (department_code, status);
CREATE INDEX cases_accepted ON cases (accepted_at);
CREATE INDEX cases_next_transition ON cases (next_transition_at) WHERE next_transition_at IS NOT NULL;
CREATE INDEX cases_open_level ON cases (level) WHERE concluded_at IS NULL AND returned_at IS NULL;

CREATE TABLE case_stages (
  case_no         text NOT NULL REFERENCES cases (case_no) ON DELETE CASCADE,
  seq             int NOT NULL,
  stage           text NOT NULL,
  at              timestamptz NOT NULL,
  handler         text,
  opinion         text,
  department_code text NOT NULL,
  event_id        text NOT NULL,
  PRIMARY KEY (case_no, seq)
);

CREATE TABLE petitions (
  petition_no      text PRIMARY KEY,
  department_code  text NOT NULL,
  petition_kind    text,
  channel          text,
  status           text NOT NULL,
  citizen          jsonb,
  received_at      timestamptz,
  acknowledged_at  timestamptz,
  replied_at       timestamptz,
  closed_at        timestamptz,
  rating           int,
  state            jsonb NOT NULL,
  event_count      int NOT NULL,
  last_occurred_at timestamptz NOT NULL,
  deadline_date    date,
  level            text NOT NULL DEFAULT 'normal' CHECK (level IN ('normal', 'warning', 'yellow', 'red')),
  next_transition_at timestamptz,
  projected_at     timestamptz NOT NULL DEFAULT now(),
  version          bigint NOT NULL DEFAULT 1
);
CREATE INDEX petitions_department ON petitions (department_code, status);
