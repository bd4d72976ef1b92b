-- Rule and calendar changes saved with their preview (issue 19 "preview before save"): a level
-- scheme set or removed, a local calendar override added or withdrawn. Each row keeps the change,
-- its inverse (what undo applies, as a new change with its own preview), the preview computed in
-- the same transaction as the recompute, and the recompute it ran. Append-only: an undo is a new
-- row that names the row it undoes.
CREATE TABLE rule_changes (
  id                bigserial PRIMARY KEY,
  jurisdiction_code text NOT NULL,
  change            jsonb NOT NULL,                 -- domain/rules/whatIf RuleChange
  inverse           jsonb NOT NULL,                 -- the RuleChange that restores the state before
  reason            text NOT NULL CHECK (length(btrim(reason)) > 0),
  requested_by      text NOT NULL CHECK (length(btrim(requested_by)) > 0),
  at                timestamptz NOT NULL,           -- the instant the preview and the recompute evaluated levels at
  recorded_at       timestamptz NOT NULL DEFAULT now(),
  summary           jsonb NOT NULL,                 -- WhatIfSummary
  moves             jsonb NOT NULL,                 -- the first moved cases (CaseMove[]), at most 1,000
  recompute_id      bigint,                         -- clock_recomputes.id
  undoes            bigint REFERENCES rule_changes (id)
);
CREATE INDEX rule_changes_jurisdiction ON rule_changes (jurisdiction_code, id);
CREATE UNIQUE INDEX rule_changes_undone_once ON rule_changes (undoes) WHERE undoes IS NOT NULL;
CREATE TRIGGER rule_changes_append_only BEFORE UPDATE OR DELETE ON rule_changes
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_append_only();
