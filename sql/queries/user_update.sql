-- Updates a user from a patch: only the members present in the patch change (null clears a field).
-- $1 bigint: user id
-- $2 jsonb: {displayName?, phone?, email?, departmentCode?, jurisdictionCode?, roles?, active?, certSubject?}
UPDATE users SET
  display_name      = CASE WHEN $2 ? 'displayName' THEN $2 ->> 'displayName' ELSE display_name END,
  phone             = CASE WHEN $2 ? 'phone' THEN $2 ->> 'phone' ELSE phone END,
  email             = CASE WHEN $2 ? 'email' THEN $2 ->> 'email' ELSE email END,
  department_code   = CASE WHEN $2 ? 'departmentCode' THEN $2 ->> 'departmentCode' ELSE department_code END,
  jurisdiction_code = CASE WHEN $2 ? 'jurisdictionCode' THEN $2 ->> 'jurisdictionCode' ELSE jurisdiction_code END,
  roles             = CASE WHEN $2 ? 'roles' THEN ARRAY(SELECT jsonb_array_elements_text($2 -> 'roles')) ELSE roles END,
  active            = CASE WHEN $2 ? 'active' THEN ($2 ->> 'active')::boolean ELSE active END,
  cert_subject      = CASE WHEN $2 ? 'certSubject' THEN $2 ->> 'certSubject' ELSE cert_subject END,
  updated_at        = now()
WHERE id = $1
RETURNING id::text AS id, login, display_name, phone, email, department_code, jurisdiction_code, roles, cert_subject, active,
          password_hash IS NOT NULL AS password_set, failed_logins, locked_until, last_login_at, created_at, updated_at
