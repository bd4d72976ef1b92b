-- The server's VAPID key pair, if generated.
SELECT public_key, private_key, subject FROM push_vapid_keys WHERE id = 1
