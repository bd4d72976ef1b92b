-- Confirms an automatic card for publication (once; a second confirmation inserts nothing).
-- $1 bigint: card id, $2 text: confirmed by (login), $3 text: note, or null
INSERT INTO card_confirmations (card_id, confirmed_by, note)
VALUES ($1, $2, $3)
ON CONFLICT (card_id) DO NOTHING
RETURNING id, card_id, confirmed_at, confirmed_by, note
