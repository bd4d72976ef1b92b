-- One order the user may see, with its steps, level changes, cards and notification deliveries.
-- $1 bigint: user id, $2 bigint: order id
SELECT o.id::text AS id, o.order_no, o.jurisdiction_code, o.department_code, d.name AS department_name, o.case_no,
       o.urging_id::text AS urging_id, o.opinion, o.responsible_user_id::text AS responsible_user_id, ru.display_name AS responsible_name,
       o.due_working_days, to_char(o.due_date, 'YYYY-MM-DD') AS due_date, to_char(o.warning_from, 'YYYY-MM-DD') AS warning_from,
       to_char(o.yellow_from, 'YYYY-MM-DD') AS yellow_from, to_char(o.red_from, 'YYYY-MM-DD') AS red_from, o.clock,
       o.state, o.level, o.created_by::text AS created_by, o.created_by_name, o.created_at, o.time_zone, o.version,
       coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id::text, 'seq', s.seq, 'kind', s.kind, 'body', s.body, 'fromState', s.from_state,
                                                     'toState', s.to_state, 'actorId', s.actor_id::text, 'actorName', s.actor_name,
                                                     'actorRole', s.actor_role, 'at', s.at) ORDER BY s.seq)
                 FROM supervision_order_steps s WHERE s.order_id = o.id), '[]') AS steps,
       coalesce((SELECT jsonb_agg(jsonb_build_object('fromLevel', l.from_level, 'toLevel', l.to_level, 'effectiveAt', l.effective_at,
                                                     'source', l.source, 'explanation', l.explanation) ORDER BY l.id)
                 FROM level_changes l WHERE l.subject = 'order' AND l.subject_no = o.id::text), '[]') AS level_changes,
       coalesce((SELECT jsonb_agg(jsonb_build_object('id', c.id::text, 'color', c.color, 'rule', c.rule, 'reason', c.reason,
                                                     'issuedAt', c.issued_at, 'revokedBy', r.id::text) ORDER BY c.id)
                 FROM cards c LEFT JOIN cards r ON r.revokes = c.id
                 WHERE c.subject = 'order' AND c.subject_no = o.id::text AND c.color IS NOT NULL), '[]') AS cards,
       coalesce((SELECT jsonb_agg(jsonb_build_object('id', n.id::text, 'event', n.event, 'channel', n.channel, 'userId', n.user_id::text,
                                                     'userName', nu.display_name, 'status', n.status, 'attempts', n.attempts,
                                                     'nextAttemptAt', n.next_attempt_at, 'lastError', n.last_error,
                                                     'createdAt', n.created_at, 'sentAt', n.sent_at) ORDER BY n.id)
                 FROM notification_outbox n JOIN users nu ON nu.id = n.user_id
                 WHERE n.subject = 'order' AND n.subject_no = o.id::text), '[]') AS deliveries
FROM supervision_orders o
JOIN departments d ON d.code = o.department_code
JOIN users ru ON ru.id = o.responsible_user_id
WHERE o.id = $2 AND o.department_code = ANY ((SELECT visible_departments($1))::text[])
