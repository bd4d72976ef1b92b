-- Stores a batch of validated events, skipping ones already stored (same source + event_id), and
-- queues each newly stored one for the projection (unprojected_events, migration 300) in the same
-- statement.
-- $1 json: array of {ord, source, event_id, occurred_at, case_no, petition_no, department_code, kind, body}
-- Returns the event_id and source of every newly stored event; the others were duplicates.
WITH input AS (
  SELECT *
  FROM json_to_recordset($1::json) AS t(
    ord int, source text, event_id text, occurred_at timestamptz, case_no text, petition_no text,
    department_code text, kind text, body jsonb)
), keys AS (
  INSERT INTO event_keys (source, event_id)
  SELECT source, event_id FROM input ORDER BY ord
  ON CONFLICT DO NOTHING
  RETURNING source, event_id
), stored AS (
  INSERT INTO events (source, event_id, occurred_at, case_no, petition_no, department_code, kind, body)
  SELECT i.source, i.event_id, i.occurred_at, i.case_no, i.petition_no, i.department_code, i.kind, i.body
  FROM input i JOIN keys k USING (source, event_id)
  ORDER BY i.ord
  RETURNING seq, event_id, source, case_no, petition_no, received_at
), queued AS (
  INSERT INTO unprojected_events (seq, case_no, petition_no, received_at)
  SELECT seq, case_no, petition_no, received_at FROM stored
)
SELECT event_id, source FROM stored
