-- Notifications without the wait for the next delivery round (issue 16): every statement that
-- inserts outbox rows tells listeners on channel `notification_due`. NOTIFY is delivered at commit
-- and folded within a transaction, so a projection batch that issues red cards to twenty leaders
-- costs one notice. The workers LISTEN and queue a delivery at once (workers/notify/wake.ts); the
-- scheduled delivery (NOTIFY_EVERY_MS, 1 s) stays for retries, held rows and missed notices.
CREATE FUNCTION notification_notify_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('notification_due', '');
  RETURN NULL;
END $$;

CREATE TRIGGER notification_outbox_notify_due AFTER INSERT ON notification_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION notification_notify_due();
