-- Web Push for the leaders' mobile view (issue 16): the server's VAPID key pair (generated once by
-- the server, kept here so every server and worker process signs with the same key) and the
-- browsers' push subscriptions (one per endpoint, owned by a user; gone with the user).
CREATE TABLE push_vapid_keys (
  id          int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  public_key  text NOT NULL,   -- base64url, uncompressed P-256 point (what PushManager.subscribe takes)
  private_key text NOT NULL,   -- base64url
  subject     text NOT NULL,   -- mailto: or https: contact of the sender (RFC 8292)
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE push_subscriptions (
  endpoint    text PRIMARY KEY CHECK (endpoint ~ '^https?://' AND char_length(endpoint) <= 2000),
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  p256dh      text NOT NULL CHECK (char_length(p256dh) BETWEEN 40 AND 200),
  auth        text NOT NULL CHECK (char_length(auth) BETWEEN 16 AND 64),
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_ok_at  timestamptz,
  last_error  text
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
