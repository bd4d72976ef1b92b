-- Takes (and forgets) a single-sign-on flow, unless older than ten minutes.
-- $1 text: state
DELETE FROM auth_flows WHERE state = $1 RETURNING nonce, code_verifier, return_to, created_at > now() - INTERVAL '10 minutes' AS fresh
