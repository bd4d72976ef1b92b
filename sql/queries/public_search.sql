-- Site search (站内搜索): guide items of active departments, live announcements, published answers
-- whose text contains every term (ILIKE patterns, escaped by the caller), each kind's newest first.
-- $1 text: the longest term's pattern, $2 text[]: every term's pattern, $3 text: kind (null: all), $4 int: limit per kind
(SELECT 'item' AS kind, i.code AS id, i.name AS title,
        site_search_text(VARIADIC ARRAY[i.name, i.code, i.fee_basis, i.guide_process] || i.guide_materials) AS text, NULL::timestamptz AS at
 FROM items i JOIN departments d ON d.code = i.department_code
 WHERE i.active AND d.active AND ($3::text IS NULL OR $3 = 'item')
   AND site_search_text(VARIADIC ARRAY[i.name, i.code, i.fee_basis, i.guide_process] || i.guide_materials) ILIKE $1
   AND site_search_text(VARIADIC ARRAY[i.name, i.code, i.fee_basis, i.guide_process] || i.guide_materials) ILIKE ALL ($2)
 ORDER BY i.name, i.code
 LIMIT $4)
UNION ALL
(SELECT 'announcement', a.id::text, a.title, site_search_text(a.title, a.body), a.published_at
 FROM announcements a
 WHERE NOT a.draft AND a.published_at <= now() AND (a.expires_at IS NULL OR a.expires_at > now())
   AND ($3::text IS NULL OR $3 = 'announcement')
   AND site_search_text(a.title, a.body) ILIKE $1 AND site_search_text(a.title, a.body) ILIKE ALL ($2)
 ORDER BY a.published_at DESC, a.id DESC
 LIMIT $4)
UNION ALL
(SELECT 'answer', pa.id::text, pa.subject, site_search_text(pa.subject, pa.answer), pa.published_at
 FROM published_answers pa
 WHERE pa.withdrawn_at IS NULL AND ($3::text IS NULL OR $3 = 'answer')
   AND site_search_text(pa.subject, pa.answer) ILIKE $1 AND site_search_text(pa.subject, pa.answer) ILIKE ALL ($2)
 ORDER BY pa.published_at DESC, pa.id DESC
 LIMIT $4)
