-- One urging the user may see, with recipients, replies and notification deliveries.
-- $1 bigint: user id, $2 bigint: urging id
SELECT g.id::text AS id, g.subject, g.case_no, g.department_code, d.name AS department_name, g.message,
       g.created_by::text AS created_by, g.created_by_name, g.created_at,
       coalesce((SELECT jsonb_agg(jsonb_build_object('id', u.id::text, 'name', u.display_name) ORDER BY u.display_name)
                 FROM users u WHERE u.id = ANY (g.recipient_ids)), '[]') AS recipients,
       coalesce((SELECT jsonb_agg(jsonb_build_object('id', r.id::text, 'body', r.body, 'repliedBy', r.replied_by::text,
                                                     'repliedByName', r.replied_by_name, 'repliedAt', r.replied_at) ORDER BY r.id)
                 FROM urging_replies r WHERE r.urging_id = g.id), '[]') AS replies,
       coalesce((SELECT jsonb_agg(jsonb_build_object('id', n.id::text, 'event', n.event, 'channel', n.channel, 'userId', n.user_id::text,
                                                     'userName', nu.display_name, 'status', n.status, 'attempts', n.attempts,
                                                     'nextAttemptAt', n.next_attempt_at, 'lastError', n.last_error,
                                                     'createdAt', n.created_at, 'sentAt', n.sent_at) ORDER BY n.id)
                 FROM notification_outbox n JOIN users nu ON nu.id = n.user_id
                 WHERE n.subject = 'urging' AND n.subject_no = g.id::text), '[]') AS deliveries
FROM urgings g JOIN departments d ON d.code = g.department_code
WHERE g.id = $2 AND g.department_code = ANY ((SELECT visible_departments($1))::text[])
