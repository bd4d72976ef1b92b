-- Supervision actions: urgings (催办) with their replies, supervision orders (督办) with their
-- immutable steps (issued → replied | appealed → instructed → concluded), watched by the clock.
--
-- Append-only: urgings, urging_replies and supervision_order_steps are never updated or deleted.
-- supervision_orders holds the order's fixed facts (opinion, department, responsible person, due
-- dates) and, like `cases`, a small projection of its current state (state, level,
-- next_transition_at) that only the step writer and the sweep move; the fixed facts cannot change.

CREATE FUNCTION supervision_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: steps are recorded as new rows (督办与催办记录不可修改或删除)', TG_TABLE_NAME;
END $$;

-- 催办: about one case, or a department as a whole; sent to chosen users of that department.
CREATE TABLE urgings (
  id               bigserial PRIMARY KEY,
  subject          text NOT NULL CHECK (subject IN ('case', 'department')),
  case_no          text,
  department_code  text NOT NULL REFERENCES departments (code),
  message          text NOT NULL CHECK (char_length(btrim(message)) BETWEEN 2 AND 2000),
  recipient_ids    bigint[] NOT NULL CHECK (cardinality(recipient_ids) BETWEEN 1 AND 50),
  created_by       bigint NOT NULL REFERENCES users (id),
  created_by_name  text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((subject = 'case') = (case_no IS NOT NULL))
);
CREATE INDEX urgings_department ON urgings (department_code, id DESC);
CREATE INDEX urgings_case ON urgings (case_no) WHERE case_no IS NOT NULL;
CREATE TRIGGER urgings_append_only BEFORE UPDATE OR DELETE ON urgings FOR EACH ROW EXECUTE FUNCTION supervision_append_only();

CREATE TABLE urging_replies (
  id              bigserial PRIMARY KEY,
  urging_id       bigint NOT NULL REFERENCES urgings (id),
  body            text NOT NULL CHECK (char_length(btrim(body)) BETWEEN 1 AND 2000),
  replied_by      bigint NOT NULL REFERENCES users (id),
  replied_by_name text NOT NULL,
  replied_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX urging_replies_urging ON urging_replies (urging_id, id);
CREATE TRIGGER urging_replies_append_only BEFORE UPDATE OR DELETE ON urging_replies FOR EACH ROW EXECUTE FUNCTION supervision_append_only();

-- 督办. The due dates are computed at creation from the jurisdiction's working-day calendar
-- (domain/supervision/orderClock.ts): due_date is the N-th working day after the day of issue;
-- warning / yellow / red from the default level scheme's offsets (0, +1, +5 working days).
CREATE TABLE supervision_orders (
  id                  bigserial PRIMARY KEY,
  order_no            text GENERATED ALWAYS AS ('DB-' || lpad(id::text, 6, '0')) STORED UNIQUE,
  jurisdiction_code   text NOT NULL REFERENCES jurisdictions (code),
  department_code     text NOT NULL REFERENCES departments (code),
  responsible_user_id bigint NOT NULL REFERENCES users (id),
  case_no             text,
  urging_id           bigint REFERENCES urgings (id),
  opinion             text NOT NULL CHECK (char_length(btrim(opinion)) BETWEEN 2 AND 4000),
  due_working_days    int NOT NULL CHECK (due_working_days BETWEEN 1 AND 60),
  created_by          bigint NOT NULL REFERENCES users (id),
  created_by_name     text NOT NULL,
  created_at          timestamptz NOT NULL,
  time_zone           text NOT NULL,
  due_date            date NOT NULL,
  warning_from        date NOT NULL,
  yellow_from         date NOT NULL,
  red_from            date NOT NULL,
  clock               jsonb NOT NULL,     -- how the due date was counted (calendar entries used)
  -- current state (moved by the step writer and the sweep only)
  state               text NOT NULL DEFAULT 'issued' CHECK (state IN ('issued', 'replied', 'appealed', 'instructed', 'concluded')),
  level               text NOT NULL DEFAULT 'normal' CHECK (level IN ('normal', 'warning', 'yellow', 'red')),
  next_transition_at  timestamptz,
  version             int NOT NULL DEFAULT 1,
  CHECK (due_date < yellow_from AND yellow_from <= red_from AND warning_from <= due_date)
);
CREATE INDEX supervision_orders_department ON supervision_orders (department_code, id DESC);
CREATE INDEX supervision_orders_state ON supervision_orders (state, id DESC);
CREATE INDEX supervision_orders_next_transition ON supervision_orders (next_transition_at) WHERE next_transition_at IS NOT NULL;

CREATE FUNCTION supervision_orders_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'supervision orders cannot be deleted (督办不可删除)';
  END IF;
  IF (NEW.jurisdiction_code, NEW.department_code, NEW.responsible_user_id, NEW.case_no, NEW.urging_id, NEW.opinion,
      NEW.due_working_days, NEW.created_by, NEW.created_by_name, NEW.created_at, NEW.time_zone, NEW.due_date,
      NEW.warning_from, NEW.yellow_from, NEW.red_from, NEW.clock)
     IS DISTINCT FROM
     (OLD.jurisdiction_code, OLD.department_code, OLD.responsible_user_id, OLD.case_no, OLD.urging_id, OLD.opinion,
      OLD.due_working_days, OLD.created_by, OLD.created_by_name, OLD.created_at, OLD.time_zone, OLD.due_date,
      OLD.warning_from, OLD.yellow_from, OLD.red_from, OLD.clock) THEN
    RAISE EXCEPTION 'a supervision order''s opinion, department, responsible person and dates are fixed (督办内容不可修改)';
  END IF;
  IF OLD.state = 'concluded' AND NEW.state <> 'concluded' THEN
    RAISE EXCEPTION 'a concluded supervision order stays concluded (已办结的督办不可重开)';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER supervision_orders_fixed BEFORE UPDATE OR DELETE ON supervision_orders FOR EACH ROW EXECUTE FUNCTION supervision_orders_fixed();

-- Every step of an order, in order; the first is 'issued'. Attributed and timestamped.
CREATE TABLE supervision_order_steps (
  id          bigserial PRIMARY KEY,
  order_id    bigint NOT NULL REFERENCES supervision_orders (id),
  seq         int NOT NULL CHECK (seq >= 1),
  kind        text NOT NULL CHECK (kind IN ('issued', 'replied', 'appealed', 'instructed', 'concluded')),
  body        text NOT NULL CHECK (char_length(btrim(body)) BETWEEN 1 AND 4000),
  from_state  text,
  to_state    text NOT NULL,
  actor_id    bigint NOT NULL REFERENCES users (id),
  actor_name  text NOT NULL,
  actor_role  text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, seq)
);
CREATE TRIGGER supervision_order_steps_append_only BEFORE UPDATE OR DELETE ON supervision_order_steps FOR EACH ROW EXECUTE FUNCTION supervision_append_only();
