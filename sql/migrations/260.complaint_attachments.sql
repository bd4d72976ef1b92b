-- Attachment images of complaints filed on the public site (at most 3 per complaint, 5 MB each;
-- JPEG, PNG or WebP checked by their bytes; EXIF/GPS and other metadata removed before storing).
--
-- Kept in PostgreSQL, not in files: they are written in the same transaction as the petition's
-- event and its public_complaints row, so a refused complaint leaves no attachment behind and a
-- stored one never lacks its complaint; every server instance reads them without a shared disk;
-- `npm run backup` / `restore` carry them; nothing lies under a directory a web server serves.
-- Served only to staff through /api/v1/petitions/:petitionNo/attachments (department scope).
CREATE TABLE complaint_attachments (
  petition_no  text NOT NULL REFERENCES public_complaints (petition_no) ON DELETE CASCADE,
  ordinal      smallint NOT NULL CHECK (ordinal BETWEEN 1 AND 3),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  byte_size    int NOT NULL CHECK (byte_size BETWEEN 1 AND 5242880),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  data         bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (petition_no, ordinal),
  CHECK (octet_length(data) = byte_size)
);
-- Images are compressed already: stored out of line without another compression attempt.
ALTER TABLE complaint_attachments ALTER COLUMN data SET STORAGE EXTERNAL;
