-- Public content written in the administration (公开内容): announcements become editable drafts
-- before they are published, and the answers to petitions the supervision office chooses to
-- publish (答复公开) get a table of their own.
--
-- Announcements: a draft never shows on the site; existing rows were published when written.
ALTER TABLE announcements ADD COLUMN draft boolean NOT NULL DEFAULT false;
ALTER TABLE announcements ADD COLUMN updated_at timestamptz;
ALTER TABLE announcements ADD COLUMN updated_by bigint REFERENCES users (id);

-- A published answer keeps the texts as they were published, personal data already removed
-- (domain/privacy scrubPersonalData with the petition's citizen): nothing personal is stored here.
-- Withdrawing keeps the row (and its audit) but takes it off the site.
CREATE TABLE published_answers (
  id              bigserial PRIMARY KEY,
  petition_no     text NOT NULL UNIQUE,
  petition_kind   text,
  department_code text NOT NULL,
  subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 2000),
  answer          text NOT NULL CHECK (length(answer) BETWEEN 1 AND 20000),
  received_at     timestamptz,
  replied_at      timestamptz,
  published_at    timestamptz NOT NULL DEFAULT now(),
  published_by    bigint REFERENCES users (id),
  withdrawn_at    timestamptz,
  read_count      bigint NOT NULL DEFAULT 0
);
CREATE INDEX published_answers_live ON published_answers (published_at DESC) WHERE withdrawn_at IS NULL;

-- Reads of a published answer per day: the hot letters of the week and of the month (本周/本月热点).
CREATE TABLE published_answer_reads (
  answer_id bigint NOT NULL REFERENCES published_answers (id),
  day       date NOT NULL,
  n         int NOT NULL,
  PRIMARY KEY (day, answer_id)
);

-- The citizens' ratings (好差评) of the week and month read `petition.rated` events by time.
CREATE INDEX events_petition_rated ON events (occurred_at) WHERE kind = 'petition.rated';
