-- Confirmation of automatic cards for publication (PRODUCT.md: yellow and red cards "are published
-- on the public site once confirmed"). A supervisor confirms an automatic card once; the
-- confirmation is an immutable record (like cards themselves), audited as `card.confirm`.
-- Manual cards are issued by a supervisor and count as confirmed at issue.
CREATE TABLE card_confirmations (
  id           bigserial PRIMARY KEY,
  card_id      bigint NOT NULL UNIQUE REFERENCES cards (id),
  confirmed_at timestamptz NOT NULL DEFAULT now(),
  confirmed_by text NOT NULL CHECK (length(btrim(confirmed_by)) > 0),
  note         text
);

CREATE FUNCTION card_confirmations_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'card confirmations are immutable (出牌确认记录不可修改或删除)';
END $$;
CREATE TRIGGER card_confirmations_no_update BEFORE UPDATE OR DELETE ON card_confirmations
  FOR EACH ROW EXECUTE FUNCTION card_confirmations_immutable();
CREATE TRIGGER card_confirmations_no_truncate BEFORE TRUNCATE ON card_confirmations
  FOR EACH STATEMENT EXECUTE FUNCTION card_confirmations_immutable();

-- The cards the public site may show: not revoked, and manual or confirmed. No personal data here.
CREATE VIEW cards_published AS
SELECT c.id, c.subject, c.subject_no, c.department_code, c.color, c.rule, c.reason, c.issued_at,
       coalesce(k.confirmed_at, c.issued_at) AS published_at
FROM cards c
LEFT JOIN card_confirmations k ON k.card_id = c.id
WHERE c.color IS NOT NULL
  AND (c.rule = 'manual' OR k.id IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM cards r WHERE r.revokes = c.id);
