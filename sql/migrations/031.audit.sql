-- The audit log: every change (ingested events excepted) and every view of unmasked personal data.
-- Rows form a hash chain: each stores the previous row's hash and the SHA-256 of its own canonical
-- content (which includes that previous hash); see domain/audit/. Appends serialise on the single
-- row of audit_chain_head, locked FOR UPDATE in the appending transaction (server/audit.ts).
CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY CHECK (seq > 0),
  at         timestamptz NOT NULL,
  actor      jsonb NOT NULL,       -- {kind: user|source|system|anonymous, id, name}
  action     text NOT NULL,
  entity     text NOT NULL,
  entity_id  text,
  before     jsonb,
  after      jsonb,
  request_id text,
  prev_hash  text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash       text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq       bigint NOT NULL,
  hash      text NOT NULL
);
INSERT INTO audit_chain_head (singleton, seq, hash) VALUES (true, 0, repeat('0', 64));

-- Append-only: no UPDATE, DELETE or TRUNCATE through the application's ordinary paths. (A superuser
-- can still disable the trigger; the hash chain is what makes such a rewrite visible.)
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (审计日志只能追加，不能修改或删除)';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();

-- The head only moves forward by one, onto a row that exists with that hash.
CREATE FUNCTION audit_chain_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <> OLD.seq + 1
     OR NOT EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq AND hash = NEW.hash AND prev_hash = OLD.hash) THEN
    RAISE EXCEPTION 'audit chain head must advance by one onto the appended row (审计链头只能逐条前移)';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_chain_head_advance BEFORE UPDATE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION audit_chain_head_advance();
CREATE FUNCTION audit_chain_head_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit chain head cannot be inserted or deleted (审计链头不可增删)';
END $$;
CREATE TRIGGER audit_chain_head_fixed BEFORE INSERT OR DELETE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION audit_chain_head_fixed();
