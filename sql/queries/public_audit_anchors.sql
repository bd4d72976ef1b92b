-- The audit chain's head at the end of each local day (its last entry that day), newest first,
-- for the open data's tamper-evidence anchor. Days without an entry are left out.
-- $1 int: days back from today (local), today included
SELECT d.day::text AS day, h.seq, h.hash, h.at
FROM generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date - $1::int, (now() AT TIME ZONE 'Asia/Shanghai')::date, interval '1 day') AS g (t)
CROSS JOIN LATERAL (SELECT g.t::date AS day) d
CROSS JOIN LATERAL (
  SELECT a.seq, a.hash, a.at FROM audit_log a
  WHERE a.at >= (d.day::timestamp AT TIME ZONE 'Asia/Shanghai') AND a.at < ((d.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
  ORDER BY a.at DESC, a.seq DESC LIMIT 1
) h
ORDER BY d.day DESC
