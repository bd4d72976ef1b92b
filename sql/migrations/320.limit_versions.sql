-- Versioned time limits (issue 19 "effective from"), as level schemes are versioned (migration
-- 270): a change of an item's limits or of a petition kind's limit is saved either for every open
-- case now or only for the cases accepted (petitions: received) from a date; each case keeps the
-- limits of the version in force when it was accepted.
--   item_limit_versions:     versions of an item's promised and legal limits, in id order (newer =
--                            higher id). The `items` row is the base: the limits of a case no version
--                            governs. A version for every case (accepted_from NULL) also writes its
--                            limits to the `items` row and keeps the row's limits before in
--                            base_before, so that retracting it restores them.
--   petition_limit_versions: versions of one (jurisdiction, kind, stage) limit; the base is the
--                            petition_limits row (or the '*' default, or the shipped default).
-- The limits of a case: the NEWEST version of its item (of its petition's kind and stage) whose
-- accepted_from is NULL or on or before the case's local acceptance date (case_clocks.clock_accepted;
-- a petition's local receipt date), else the base.
-- domain/rules/limitVersions.ts is the TypeScript twin; the save's update of the open clocks
-- (sql/queries/item_limits_apply.sql) picks the version with level_scheme_version_index().
CREATE TABLE item_limit_versions (
  id             bigserial PRIMARY KEY,
  item_code      text NOT NULL REFERENCES items (code),
  promised_limit int CHECK (promised_limit >= 0),
  promised_unit  text NOT NULL DEFAULT 'workday' CHECK (promised_unit IN ('workday', 'day')),
  legal_limit    int CHECK (legal_limit >= 0),
  legal_unit     text NOT NULL DEFAULT 'workday' CHECK (legal_unit IN ('workday', 'day')),
  accepted_from  date,
  base_before    jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text
);
CREATE INDEX item_limit_versions_item ON item_limit_versions (item_code, id);

CREATE TABLE petition_limit_versions (
  id                bigserial PRIMARY KEY,
  jurisdiction_code text NOT NULL,
  petition_kind     text NOT NULL CHECK (petition_kind IN ('consultation', 'complaint', 'petition', 'mailbox', 'efficiencyComplaint')),
  stage             text NOT NULL CHECK (stage IN ('acknowledge', 'conclude')),
  limit_value       int NOT NULL CHECK (limit_value >= 0),
  limit_unit        text NOT NULL CHECK (limit_unit IN ('workday', 'day')),
  accepted_from     date,
  base_before       jsonb,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text
);
CREATE INDEX petition_limit_versions_key ON petition_limit_versions (jurisdiction_code, petition_kind, stage, id);
