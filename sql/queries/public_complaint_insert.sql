-- Records a complaint filed on the public site (its petition events go through ingest).
-- $1 text: petition number, $2 text: sha-256 hex of the tracking code
INSERT INTO public_complaints (petition_no, code_hash) VALUES ($1, $2)
