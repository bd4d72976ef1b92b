-- The public supervision site (/public): what the service guide shows of an item beyond its limits
-- and fee, and the complaints citizens file without an account.
--
-- Guide texts of an item (办事指南): the materials to bring, the legal basis of the fee, the process
-- in a few lines. Additive columns; an item without them still shows its limits and fee.
ALTER TABLE items ADD COLUMN guide_materials text[] NOT NULL DEFAULT '{}';
ALTER TABLE items ADD COLUMN fee_basis text;
ALTER TABLE items ADD COLUMN guide_process text;

-- A complaint filed on the public site is a petition like every other (its events go through the
-- ingest path, source 'public-site'); this table only keeps what the site itself needs: the hash
-- of the tracking code the citizen received (never the code) and whether the answer was rated.
CREATE TABLE public_complaints (
  petition_no  text PRIMARY KEY,
  code_hash    text NOT NULL UNIQUE CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  rated_at     timestamptz,
  rating       int CHECK (rating BETWEEN 1 AND 5)
);
