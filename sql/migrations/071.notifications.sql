-- Notifications: an outbox (one row per recipient and channel, with its delivery status) processed
-- by workers/notify.ts, and the in-app inbox with read state.
--
-- Outbox rows are written IN THE DATABASE by triggers, so that no path that creates a card, a
-- level change, an order step or an urging can forget to notify (projection, sweep, recompute and
-- manual cards all insert into `cards`):
--   cards (yellow/red)             → the responsible person and the department's heads
--                                    (case: the user matching the case's handler; order: its responsible person)
--   level_changes → warning        → the case handler / the order's responsible person
--   supervision_order_steps        → issued: responsible person; appealed: the jurisdiction's leaders;
--                                    replied / instructed: the supervisor who issued it (and the responsible
--                                    person for an instruction); concluded: the responsible person
--   urgings / urging_replies       → the recipients / the supervisor who urged
-- The triggers are statement-level with transition tables: one set-based INSERT per statement, so
-- the sweep's and recompute's bulk inserts stay set-based.

CREATE TABLE notification_outbox (
  id              bigserial PRIMARY KEY,
  event           text NOT NULL,   -- template key (domain/notify/renderNotification.ts)
  channel         text NOT NULL CHECK (channel IN ('inapp', 'email', 'sms')),
  user_id         bigint NOT NULL REFERENCES users (id),
  subject         text NOT NULL CHECK (subject IN ('case', 'petition', 'order', 'urging')),
  subject_no      text NOT NULL,
  card_id         bigint,          -- the card that caused it, if any
  params          jsonb NOT NULL DEFAULT '{}',
  urgent          boolean NOT NULL DEFAULT false,
  dedupe_key      text NOT NULL UNIQUE,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'held', 'sending', 'sent', 'failed', 'skipped')),
  attempts        int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status IN ('pending', 'held', 'sending');
CREATE INDEX notification_outbox_subject ON notification_outbox (subject, subject_no);
CREATE INDEX notification_outbox_card ON notification_outbox (card_id) WHERE card_id IS NOT NULL;

-- The in-app inbox: one row per delivered in-app outbox row.
CREATE TABLE notifications (
  id         bigserial PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id),
  outbox_id  bigint NOT NULL UNIQUE REFERENCES notification_outbox (id),
  event      text NOT NULL,
  subject    text NOT NULL,
  subject_no text NOT NULL,
  title      text NOT NULL,
  body       text NOT NULL,
  link       text,
  urgent     boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at    timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Queues notifications: one in-app row per recipient, plus email / SMS where the user has an
-- address. `rows` is jsonb [{userId, event, subject, subjectNo, cardId?, params, urgent, key}];
-- `key` + user + channel is the dedupe key (re-running a step never notifies twice).
-- Inactive users and unknown ids are skipped. Returns the number of rows queued.
CREATE FUNCTION notify_enqueue(rows jsonb) RETURNS int
LANGUAGE sql VOLATILE AS $$
  WITH r AS (
    SELECT (x ->> 'userId')::bigint AS user_id, x ->> 'event' AS event, x ->> 'subject' AS subject,
           x ->> 'subjectNo' AS subject_no, (x ->> 'cardId')::bigint AS card_id,
           coalesce(x -> 'params', '{}'::jsonb) AS params, coalesce((x ->> 'urgent')::boolean, false) AS urgent, x ->> 'key' AS key
    FROM jsonb_array_elements(rows) x
  ), ins AS (
    INSERT INTO notification_outbox (event, channel, user_id, subject, subject_no, card_id, params, urgent, dedupe_key)
    SELECT r.event, ch.channel, r.user_id, r.subject, r.subject_no, r.card_id, r.params, r.urgent,
           r.key || ':' || r.user_id || ':' || ch.channel
    FROM r
    JOIN users u ON u.id = r.user_id AND u.active
    CROSS JOIN LATERAL (VALUES ('inapp', true), ('email', u.email IS NOT NULL AND u.email <> ''), ('sms', u.phone IS NOT NULL AND u.phone <> '')) AS ch(channel, wanted)
    WHERE ch.wanted
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::int FROM ins
$$;

-- Users of a department matching a case handler (login, case-insensitive, or display name).
CREATE FUNCTION handler_users(p_department text, p_handler text) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
  SELECT u.id FROM users u
  WHERE p_handler IS NOT NULL AND u.active AND u.department_code = p_department
    AND (lower(u.login) = lower(p_handler) OR u.display_name = p_handler)
$$;

CREATE FUNCTION department_heads(p_department text) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
  SELECT u.id FROM users u WHERE u.active AND u.department_code = p_department AND 'department_head' = ANY (u.roles)
$$;

-- Leaders who may see (and instruct on) a department: leaders whose scope contains it.
CREATE FUNCTION department_leaders(p_department text) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
  SELECT u.id FROM users u WHERE u.active AND 'leader' = ANY (u.roles) AND p_department = ANY (visible_departments(u.id))
$$;

-- A new yellow or red card → the responsible person and the department's heads.
CREATE FUNCTION cards_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM notify_enqueue(coalesce(jsonb_agg(jsonb_build_object(
      'userId', rcpt.user_id,
      'event', CASE WHEN c.subject = 'order' THEN 'order.overdue' ELSE 'card.issued' END,
      'subject', c.subject, 'subjectNo', c.subject_no, 'cardId', c.id,
      'params', jsonb_build_object('color', c.color, 'rule', c.rule, 'reason', c.reason, 'subjectNo', c.subject_no,
                                   'departmentCode', c.department_code, 'manual', c.issued_by <> 'system',
                                   'orderNo', o.order_no),
      'urgent', c.color = 'red',
      'key', 'card:' || c.id)), '[]'::jsonb))
  FROM new_cards c
  LEFT JOIN cases cs ON c.subject = 'case' AND cs.case_no = c.subject_no
  LEFT JOIN supervision_orders o ON c.subject = 'order' AND o.id::text = c.subject_no
  CROSS JOIN LATERAL (
    SELECT h AS user_id FROM handler_users(c.department_code, cs.handler) h
    UNION SELECT o.responsible_user_id WHERE o.responsible_user_id IS NOT NULL
    UNION SELECT d FROM department_heads(c.department_code) d
  ) rcpt
  WHERE c.color IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER cards_notify AFTER INSERT ON cards REFERENCING NEW TABLE AS new_cards
  FOR EACH STATEMENT EXECUTE FUNCTION cards_notify();

-- A subject that enters warning → the case handler / the order's responsible person.
CREATE FUNCTION level_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM notify_enqueue(coalesce(jsonb_agg(jsonb_build_object(
      'userId', rcpt.user_id,
      'event', CASE WHEN l.subject = 'order' THEN 'order.warning' ELSE 'case.warning' END,
      'subject', l.subject, 'subjectNo', l.subject_no,
      'params', jsonb_build_object('subjectNo', l.subject_no, 'departmentCode', l.department_code,
                                   'deadlineDate', coalesce(ck.deadline_date, o.due_date), 'orderNo', o.order_no),
      'urgent', false,
      'key', 'level:' || l.id)), '[]'::jsonb))
  FROM new_changes l
  LEFT JOIN cases cs ON l.subject = 'case' AND cs.case_no = l.subject_no
  LEFT JOIN case_clocks ck ON ck.case_no = cs.case_no
  LEFT JOIN supervision_orders o ON l.subject = 'order' AND o.id::text = l.subject_no
  CROSS JOIN LATERAL (
    SELECT h AS user_id FROM handler_users(l.department_code, cs.handler) h
    UNION SELECT o.responsible_user_id WHERE o.responsible_user_id IS NOT NULL
  ) rcpt
  WHERE l.to_level = 'warning' AND l.from_level = 'normal' AND l.subject IN ('case', 'order');
  RETURN NULL;
END $$;
CREATE TRIGGER level_changes_notify AFTER INSERT ON level_changes REFERENCING NEW TABLE AS new_changes
  FOR EACH STATEMENT EXECUTE FUNCTION level_changes_notify();

-- Order steps → who must act next (or learn of it).
CREATE FUNCTION order_steps_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM notify_enqueue(coalesce(jsonb_agg(jsonb_build_object(
      'userId', rcpt.user_id,
      'event', 'order.' || s.kind,
      'subject', 'order', 'subjectNo', o.id::text,
      'params', jsonb_build_object('orderNo', o.order_no, 'orderId', o.id, 'departmentCode', o.department_code,
                                   'dueDate', o.due_date, 'actor', s.actor_name, 'body', left(s.body, 200), 'caseNo', o.case_no),
      'urgent', false,
      'key', 'step:' || s.id)), '[]'::jsonb))
  FROM new_steps s
  JOIN supervision_orders o ON o.id = s.order_id
  CROSS JOIN LATERAL (
    SELECT o.responsible_user_id AS user_id WHERE s.kind IN ('issued', 'instructed', 'concluded')
    UNION SELECT o.created_by WHERE s.kind IN ('replied', 'appealed', 'instructed')
    UNION SELECT l FROM department_leaders(o.department_code) l WHERE s.kind = 'appealed'
  ) rcpt
  WHERE rcpt.user_id <> s.actor_id;
  RETURN NULL;
END $$;
CREATE TRIGGER order_steps_notify AFTER INSERT ON supervision_order_steps REFERENCING NEW TABLE AS new_steps
  FOR EACH STATEMENT EXECUTE FUNCTION order_steps_notify();

CREATE FUNCTION urgings_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM notify_enqueue(coalesce(jsonb_agg(jsonb_build_object(
      'userId', r.user_id, 'event', 'urging.created', 'subject', 'urging', 'subjectNo', g.id::text,
      'params', jsonb_build_object('urgingId', g.id, 'caseNo', g.case_no, 'departmentCode', g.department_code,
                                   'actor', g.created_by_name, 'body', left(g.message, 200)),
      'urgent', false, 'key', 'urging:' || g.id)), '[]'::jsonb))
  FROM new_urgings g CROSS JOIN LATERAL unnest(g.recipient_ids) AS r(user_id);
  RETURN NULL;
END $$;
CREATE TRIGGER urgings_notify AFTER INSERT ON urgings REFERENCING NEW TABLE AS new_urgings
  FOR EACH STATEMENT EXECUTE FUNCTION urgings_notify();

CREATE FUNCTION urging_replies_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM notify_enqueue(coalesce(jsonb_agg(jsonb_build_object(
      'userId', g.created_by, 'event', 'urging.replied', 'subject', 'urging', 'subjectNo', g.id::text,
      'params', jsonb_build_object('urgingId', g.id, 'caseNo', g.case_no, 'departmentCode', g.department_code,
                                   'actor', r.replied_by_name, 'body', left(r.body, 200)),
      'urgent', false, 'key', 'urging-reply:' || r.id)), '[]'::jsonb))
  FROM new_replies r JOIN urgings g ON g.id = r.urging_id;
  RETURN NULL;
END $$;
CREATE TRIGGER urging_replies_notify AFTER INSERT ON urging_replies REFERENCING NEW TABLE AS new_replies
  FOR EACH STATEMENT EXECUTE FUNCTION urging_replies_notify();
