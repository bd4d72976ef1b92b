-- Announcements of the supervision office on the public site (监察动态, 监察公告, 法律法规, 热点问题):
-- written by supervisors and administrators (audited), shown from `published_at` until
-- `expires_at` (then they leave the site by themselves), read counts for the "hot" list.
CREATE TABLE announcements (
  id           bigserial PRIMARY KEY,
  column_key   text NOT NULL CHECK (column_key IN ('news', 'notice', 'law', 'hot')),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  published_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz CHECK (expires_at IS NULL OR expires_at > published_at),
  created_by   bigint REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  read_count   bigint NOT NULL DEFAULT 0
);
CREATE INDEX announcements_live ON announcements (published_at DESC);
