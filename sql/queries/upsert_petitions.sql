-- Writes folded petition states; unchanged rows are left untouched.
-- $1 json: array of petition rows (see workers/project.ts: PetitionRow)
INSERT INTO petitions AS p (
  petition_no, department_code, petition_kind, channel, status, citizen, received_at, acknowledged_at,
  replied_at, closed_at, rating, state, event_count, last_occurred_at, projected_at,
  jurisdiction_code, time_zone, overdue_cards, deadline_date, warning_from, yellow_from, red_from, level, next_transition_at, clock)
SELECT r.petition_no, r.department_code, r.petition_kind, r.channel, r.status, r.citizen, r.received_at,
       r.acknowledged_at, r.replied_at, r.closed_at, r.rating, r.state, r.event_count, r.last_occurred_at, now(),
       r.jurisdiction_code, r.time_zone, r.overdue_cards, r.deadline_date, r.warning_from, r.yellow_from, r.red_from,
       coalesce(r.level, 'normal'), r.next_transition_at, r.clock
FROM json_to_recordset($1::json) AS r(
  petition_no text, department_code text, petition_kind text, channel text, status text, citizen jsonb,
  received_at timestamptz, acknowledged_at timestamptz, replied_at timestamptz, closed_at timestamptz,
  rating int, state jsonb, event_count int, last_occurred_at timestamptz, jurisdiction_code text, time_zone text,
  overdue_cards boolean, deadline_date date, warning_from date, yellow_from date, red_from date, level text,
  next_transition_at timestamptz, clock jsonb)
ON CONFLICT (petition_no) DO UPDATE SET
  department_code = EXCLUDED.department_code, petition_kind = EXCLUDED.petition_kind, channel = EXCLUDED.channel,
  status = EXCLUDED.status, citizen = EXCLUDED.citizen, received_at = EXCLUDED.received_at,
  acknowledged_at = EXCLUDED.acknowledged_at, replied_at = EXCLUDED.replied_at, closed_at = EXCLUDED.closed_at,
  rating = EXCLUDED.rating, state = EXCLUDED.state, event_count = EXCLUDED.event_count,
  last_occurred_at = EXCLUDED.last_occurred_at, projected_at = now(), version = p.version + 1,
  jurisdiction_code = EXCLUDED.jurisdiction_code, time_zone = EXCLUDED.time_zone, overdue_cards = EXCLUDED.overdue_cards,
  deadline_date = EXCLUDED.deadline_date, warning_from = EXCLUDED.warning_from, yellow_from = EXCLUDED.yellow_from,
  red_from = EXCLUDED.red_from, level = EXCLUDED.level, next_transition_at = EXCLUDED.next_transition_at, clock = EXCLUDED.clock
WHERE p.state IS DISTINCT FROM EXCLUDED.state
   OR p.level IS DISTINCT FROM EXCLUDED.level
   OR p.clock IS DISTINCT FROM EXCLUDED.clock
RETURNING petition_no
