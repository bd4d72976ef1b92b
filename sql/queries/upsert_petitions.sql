-- Writes folded petition states; unchanged rows are left untouched.
-- $1 json: array of petition rows (see workers/project.ts: PetitionRow)
INSERT INTO petitions AS p (
  petition_no, department_code, petition_kind, channel, status, citizen, received_at, acknowledged_at,
  replied_at, closed_at, rating, state, event_count, last_occurred_at, projected_at)
SELECT r.petition_no, r.department_code, r.petition_kind, r.channel, r.status, r.citizen, r.received_at,
       r.acknowledged_at, r.replied_at, r.closed_at, r.rating, r.state, r.event_count, r.last_occurred_at, now()
FROM json_to_recordset($1::json) AS r(
  petition_no text, department_code text, petition_kind text, channel text, status text, citizen jsonb,
  received_at timestamptz, acknowledged_at timestamptz, replied_at timestamptz, closed_at timestamptz,
  rating int, state jsonb, event_count int, last_occurred_at timestamptz)
ON CONFLICT (petition_no) DO UPDATE SET
  department_code = EXCLUDED.department_code, petition_kind = EXCLUDED.petition_kind, channel = EXCLUDED.channel,
  status = EXCLUDED.status, citizen = EXCLUDED.citizen, received_at = EXCLUDED.received_at,
  acknowledged_at = EXCLUDED.acknowledged_at, replied_at = EXCLUDED.replied_at, closed_at = EXCLUDED.closed_at,
  rating = EXCLUDED.rating, state = EXCLUDED.state, event_count = EXCLUDED.event_count,
  last_occurred_at = EXCLUDED.last_occurred_at, projected_at = now(), version = p.version + 1
WHERE p.state IS DISTINCT FROM EXCLUDED.state
RETURNING petition_no
