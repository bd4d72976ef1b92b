-- Administration (issue 19): rotating source API keys with a grace period.
-- `expires_at`: the key stops working at this instant (set on the old key when it is rotated, so
-- the old and the new key are both valid until then); NULL: no expiry.
-- `rotated_from`: the key this one replaced. `created_by`: the administrator's user id, or NULL (CLI).
ALTER TABLE source_keys
  ADD COLUMN expires_at timestamptz,
  ADD COLUMN rotated_from text REFERENCES source_keys (id),
  ADD COLUMN created_by text;
CREATE INDEX source_keys_source ON source_keys (source);
