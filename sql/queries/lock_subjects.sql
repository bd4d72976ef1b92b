-- Serialises projection of the given subjects for the rest of the transaction (sorted to avoid deadlocks).
-- $1 text[]: subject numbers (case_no or petition_no), $2 text: namespace ('case' | 'petition')
SELECT count(*) AS locked
FROM (
  SELECT pg_advisory_xact_lock(hashtextextended($2 || ':' || s, 0)) AS l
  FROM (SELECT DISTINCT s FROM unnest($1::text[]) AS s ORDER BY s) ordered
) locks
