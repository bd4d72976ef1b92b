-- API keys of source systems. Only a SHA-256 of the secret is stored; keys are 32 random bytes,
-- so a fast hash is enough (no dictionary to attack).
CREATE TABLE source_keys (
  id          text PRIMARY KEY,
  source      text NOT NULL CHECK (source ~ '^[A-Za-z0-9_.-]{1,64}$'),
  secret_hash text NOT NULL,
  departments text[],            -- NULL: any department of the jurisdiction
  description text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
