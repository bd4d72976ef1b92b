-- When a card's rule was broken, besides when the card was recorded (issue 13).
--
-- An automatic card issued by a backfill, a late event or a sweep that runs after the threshold
-- used to read the time it was recorded (every card of a 30-day backfill showed the backfill's
-- minute). `effective_at` is the instant the subject crossed the threshold (00:00 local of the
-- yellow or red day) or the event that broke the rule happened; `issued_at` stays the time the
-- system recorded it. NULL on manual cards, revocations and cards recorded before this migration:
-- readers take coalesce(effective_at, issued_at). Cards stay immutable (no row is rewritten).
ALTER TABLE cards ADD COLUMN effective_at timestamptz;
CREATE INDEX cards_effective_at ON cards ((coalesce(effective_at, issued_at)) DESC, id DESC) WHERE color IS NOT NULL;
