-- Stores a freshly generated VAPID key pair unless one exists (concurrent first calls keep one),
-- and returns the pair in force.
-- $1 text: public key, $2 text: private key, $3 text: subject
WITH ins AS (
  INSERT INTO push_vapid_keys (id, public_key, private_key, subject) VALUES (1, $1, $2, $3)
  ON CONFLICT (id) DO NOTHING
  RETURNING public_key, private_key, subject
)
SELECT public_key, private_key, subject FROM ins
UNION ALL
SELECT public_key, private_key, subject FROM push_vapid_keys WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM ins)
