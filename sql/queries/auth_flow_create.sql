-- Remembers a single-sign-on flow until its callback.
-- $1 text: state
-- $2 text: nonce
-- $3 text: PKCE code verifier
-- $4 text: where to go after login (a path of this site), or null
INSERT INTO auth_flows (state, nonce, code_verifier, return_to) VALUES ($1, $2, $3, $4)
