-- Takes, without waiting, the projection locks of those given subjects that no other transaction
-- holds (the same keys as lock_subjects.sql), for the rest of the transaction; returns the subjects
-- it locked. The projection folds these now and the others, held by another projection, after it.
-- $1 text[]: subject numbers (case_no or petition_no), $2 text: namespace ('case' | 'petition')
SELECT s AS subject_no
FROM (SELECT DISTINCT s FROM unnest($1::text[]) AS s ORDER BY s) ordered
WHERE pg_try_advisory_xact_lock(hashtextextended($2 || ':' || s, 0))
