-- Stores one attachment image of a complaint filed on the public site (same transaction as its event).
-- $1 text: petition number, $2 smallint: ordinal (1..3), $3 text: content type, $4 text: sha-256 hex, $5 bytea: the image (metadata removed)
INSERT INTO complaint_attachments (petition_no, ordinal, content_type, byte_size, sha256, data)
VALUES ($1, $2, $3, octet_length($5::bytea), $4, $5::bytea)
