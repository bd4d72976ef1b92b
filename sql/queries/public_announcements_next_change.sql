-- Milliseconds until the live announcements change by themselves: the next expiry of a live or
-- scheduled one, or the next scheduled publication (null: none). The cached answer lives no longer.
-- (no parameters)
SELECT extract(epoch FROM least(
         (SELECT min(expires_at) FROM announcements WHERE NOT draft AND expires_at > now()),
         (SELECT min(published_at) FROM announcements WHERE NOT draft AND published_at > now())
       ) - now()) * 1000 AS ms
