-- Level schemes, petition limits, level changes and cards.

-- Level schemes: offsets in working days from the deadline day, or a share of the limit for the
-- warning. Precedence item > department > jurisdiction; the shipped default applies when none is set.
CREATE TABLE level_schemes (
  id             bigserial PRIMARY KEY,
  scope          text NOT NULL CHECK (scope IN ('jurisdiction', 'department', 'item')),
  scope_code     text NOT NULL,
  warning_offset int CHECK (warning_offset <= 0),
  warning_share  numeric(4, 3) CHECK (warning_share > 0 AND warning_share <= 1),
  yellow_offset  int NOT NULL DEFAULT 1 CHECK (yellow_offset >= 1),
  red_offset     int NOT NULL DEFAULT 5,
  -- card rules switched on/off: {"overdue": true, "fee": true, "procedure": true, "oneTimeNotification": true}
  card_rules     jsonb NOT NULL DEFAULT '{}',
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text,
  UNIQUE (scope, scope_code),
  CHECK ((warning_offset IS NULL) <> (warning_share IS NULL)),
  CHECK (red_offset >= yellow_offset)
);

-- Petition time limits per jurisdiction and kind; `stage` acknowledge (受理/告知) or conclude (办结).
CREATE TABLE petition_limits (
  jurisdiction_code text NOT NULL,
  petition_kind     text NOT NULL CHECK (petition_kind IN ('consultation', 'complaint', 'petition', 'mailbox', 'efficiencyComplaint')),
  stage             text NOT NULL CHECK (stage IN ('acknowledge', 'conclude')),
  limit_value       int NOT NULL CHECK (limit_value >= 0),
  limit_unit        text NOT NULL CHECK (limit_unit IN ('workday', 'day')),
  PRIMARY KEY (jurisdiction_code, petition_kind, stage)
);

ALTER TABLE cases ADD COLUMN jurisdiction_code text;
ALTER TABLE cases ADD COLUMN time_zone text NOT NULL DEFAULT 'Asia/Shanghai';
ALTER TABLE cases ADD COLUMN overdue_cards boolean NOT NULL DEFAULT true;  -- the scheme's overdue rule switch
ALTER TABLE cases ADD COLUMN legal_deadline_date date;
ALTER TABLE cases ADD COLUMN clock_status text;          -- running | stopped | none
ALTER TABLE cases ADD COLUMN clock jsonb;                -- the deadline explanation (why), day by day
ALTER TABLE petitions ADD COLUMN jurisdiction_code text;
ALTER TABLE petitions ADD COLUMN warning_from date;
ALTER TABLE petitions ADD COLUMN yellow_from date;
ALTER TABLE petitions ADD COLUMN red_from date;
ALTER TABLE petitions ADD COLUMN clock jsonb;

-- Every level change, with its explanation. Append-only.
CREATE TABLE level_changes (
  id           bigserial PRIMARY KEY,
  subject      text NOT NULL CHECK (subject IN ('case', 'petition', 'order')),
  subject_no   text NOT NULL,
  department_code text NOT NULL,
  from_level   text NOT NULL,
  to_level     text NOT NULL,
  effective_at timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  source       text NOT NULL CHECK (source IN ('projection', 'sweep', 'recompute')),
  explanation  jsonb NOT NULL
);
CREATE INDEX level_changes_subject ON level_changes (subject, subject_no, id);

-- Cards (黄牌/红牌). Immutable: a revocation is a new row pointing at the card it revokes.
CREATE TABLE cards (
  id              bigserial PRIMARY KEY,
  subject         text NOT NULL CHECK (subject IN ('case', 'petition', 'order')),
  subject_no      text NOT NULL,
  department_code text NOT NULL,
  color           text CHECK (color IN ('yellow', 'red')),
  rule            text NOT NULL,
  reason          text NOT NULL,
  explanation     jsonb NOT NULL DEFAULT '{}',
  issued_at       timestamptz NOT NULL DEFAULT now(),
  issued_by       text NOT NULL DEFAULT 'system',
  revokes         bigint REFERENCES cards (id),
  -- automatic cards: one active card per rule_key (subject, rule, colour); auto_key = rule_key#n
  -- makes issuing idempotent and lets a rule fire again after a revocation
  rule_key        text,
  auto_key        text UNIQUE,
  CHECK ((revokes IS NULL) = (color IS NOT NULL))
);
CREATE INDEX cards_subject ON cards (subject, subject_no);
CREATE INDEX cards_rule_key ON cards (rule_key) WHERE rule_key IS NOT NULL;
CREATE INDEX cards_department ON cards (department_code, issued_at);
CREATE UNIQUE INDEX cards_one_revocation ON cards (revokes) WHERE revokes IS NOT NULL;

CREATE FUNCTION cards_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cards are immutable: revoke a card with a new record (卡片不可修改或删除，只能以新记录撤销)';
END $$;
CREATE TRIGGER cards_no_update BEFORE UPDATE OR DELETE ON cards FOR EACH ROW EXECUTE FUNCTION cards_immutable();

-- Shipped defaults ('*' = every jurisdiction unless it sets its own): consultation 2 working days,
-- complaint 15, mailbox letter 5, efficiency complaint 15; 信访 15 日 to acknowledge, 60 日 to conclude.
INSERT INTO petition_limits (jurisdiction_code, petition_kind, stage, limit_value, limit_unit) VALUES
  ('*', 'consultation', 'conclude', 2, 'workday'),
  ('*', 'complaint', 'conclude', 15, 'workday'),
  ('*', 'mailbox', 'conclude', 5, 'workday'),
  ('*', 'efficiencyComplaint', 'conclude', 15, 'workday'),
  ('*', 'petition', 'acknowledge', 15, 'day'),
  ('*', 'petition', 'conclude', 60, 'day');
ALTER TABLE petitions ADD COLUMN time_zone text NOT NULL DEFAULT 'Asia/Shanghai';
ALTER TABLE petitions ADD COLUMN overdue_cards boolean NOT NULL DEFAULT true;
CREATE INDEX petitions_next_transition ON petitions (next_transition_at) WHERE next_transition_at IS NOT NULL;
