-- What the public disclosure answers depend on, as one string: a new card, a confirmation, a
-- publication or a correction, a new or edited announcement changes it (the in-memory answers are
-- keyed on it). Index-only reads, and the announcements table is small. Read counts are not in it.
-- (no parameters)
SELECT concat_ws('.',
  (SELECT coalesce(max(id), 0) FROM cards),
  (SELECT coalesce(max(id), 0) FROM card_confirmations),
  (SELECT count(*) || ':' || coalesce(max(published_at)::text, '') FROM performance_runs WHERE state = 'published' AND superseded_by IS NULL),
  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(max(updated_at)::text, '') FROM announcements)
) AS v
