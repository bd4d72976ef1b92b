-- Performance evaluation (绩效考核): indicator schemes as versioned data, scoring runs with their
-- department scores, and the review trail (comments, corrections, workflow steps). See
-- domain/performance/ for the scoring and the workflow; server/routes/performance.ts for the API.
--
-- Frozen means frozen: once a run is submitted its scores cannot change (only a draft's can, while
-- the supervision office reviews it); a published run cannot change at all except for the pointer
-- to the version that corrects it. Triggers enforce both, so no later event, rule change or
-- application bug alters a published score. Comments, corrections and steps are append-only.

-- Scheme versions per jurisdiction. A scheme applies to the periods from `valid_from` (YYYY-MM) on,
-- until a later version's valid_from; none at all → the shipped default (domain/performance).
CREATE TABLE performance_schemes (
  id                bigserial PRIMARY KEY,
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  version           int NOT NULL CHECK (version >= 1),
  valid_from        text NOT NULL CHECK (valid_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  definition        jsonb NOT NULL,
  note              text CHECK (char_length(note) <= 2000),
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        bigint REFERENCES users (id),
  created_by_name   text NOT NULL,
  UNIQUE (jurisdiction_code, version)
);
CREATE INDEX performance_schemes_lookup ON performance_schemes (jurisdiction_code, valid_from, version);

CREATE FUNCTION performance_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (绩效考核记录只能追加)', TG_TABLE_NAME;
END $$;
CREATE TRIGGER performance_schemes_append_only BEFORE UPDATE OR DELETE ON performance_schemes FOR EACH ROW EXECUTE FUNCTION performance_append_only();

-- A scoring run: one jurisdiction, one month, one version. Version 1 is the first computation;
-- a correction after publication is version n+1 with `revises` and its reason.
CREATE TABLE performance_runs (
  id                bigserial PRIMARY KEY,
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  period            text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  version           int NOT NULL CHECK (version >= 1),
  revises           bigint REFERENCES performance_runs (id),
  revision_reason   text,
  state             text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'approved', 'published')),
  scheme_id         bigint REFERENCES performance_schemes (id),
  scheme_version    int NOT NULL,                 -- 0: the shipped default
  scheme            jsonb NOT NULL,               -- the scheme as applied (a copy: later edits do not reach it)
  computed_at       timestamptz NOT NULL,
  created_by        bigint NOT NULL REFERENCES users (id),
  created_by_name   text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  submitted_by      bigint REFERENCES users (id),
  submitted_at      timestamptz,
  approved_by       bigint REFERENCES users (id),
  approved_at       timestamptz,
  published_by      bigint REFERENCES users (id),
  published_at      timestamptz,
  superseded_by     bigint REFERENCES performance_runs (id),
  UNIQUE (jurisdiction_code, period, version),
  CHECK ((version = 1) = (revises IS NULL)),
  CHECK (revises IS NULL OR char_length(btrim(revision_reason)) >= 2),
  CHECK ((state = 'published') = (published_at IS NOT NULL))
);
-- at most one unpublished run per jurisdiction and month
CREATE UNIQUE INDEX performance_runs_one_open ON performance_runs (jurisdiction_code, period) WHERE state <> 'published';
CREATE INDEX performance_runs_list ON performance_runs (jurisdiction_code, period DESC, version DESC);

CREATE FUNCTION performance_runs_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'performance runs cannot be deleted (绩效考核不可删除)';
  END IF;
  IF OLD.state = 'published' THEN
    IF (to_jsonb(NEW) - 'superseded_by') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_by') OR OLD.superseded_by IS NOT NULL THEN
      RAISE EXCEPTION 'a published performance run is frozen (已发布的绩效考核不可修改，更正须另立新版本)';
    END IF;
  ELSIF (NEW.jurisdiction_code, NEW.period, NEW.version, NEW.revises, NEW.revision_reason, NEW.created_by, NEW.created_at)
        IS DISTINCT FROM (OLD.jurisdiction_code, OLD.period, OLD.version, OLD.revises, OLD.revision_reason, OLD.created_by, OLD.created_at) THEN
    RAISE EXCEPTION 'a performance run''s period, version and author are fixed (绩效考核的期间与版本不可修改)';
  ELSIF OLD.state <> 'draft' AND (NEW.scheme, NEW.scheme_id, NEW.computed_at) IS DISTINCT FROM (OLD.scheme, OLD.scheme_id, OLD.computed_at) THEN
    RAISE EXCEPTION 'only a draft performance run can be recomputed (仅草稿可重新计算)';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER performance_runs_frozen BEFORE UPDATE OR DELETE ON performance_runs FOR EACH ROW EXECUTE FUNCTION performance_runs_frozen();

-- One row per department of a run. `scorecard` is the scorecard with the review's corrections
-- applied and ranked (what is shown and published); `computed` is the scorecard as computed from
-- the facts, kept only when corrections changed it (NULL: the same as `scorecard`).
CREATE TABLE performance_scores (
  run_id          bigint NOT NULL REFERENCES performance_runs (id),
  department_code text NOT NULL REFERENCES departments (code),
  department_name text NOT NULL,
  peer_group      text NOT NULL CHECK (peer_group IN ('county', 'townsStreets', 'vertical')),
  score           numeric(7, 2) NOT NULL,
  grade           text NOT NULL CHECK (grade IN ('excellent', 'good', 'pass', 'fail')),
  rank            int,
  volume          int NOT NULL,
  insufficient    boolean NOT NULL,
  computed        jsonb,
  scorecard       jsonb NOT NULL,
  PRIMARY KEY (run_id, department_code)
);

-- Scores change only while their run is a draft.
CREATE FUNCTION performance_scores_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st text;
BEGIN
  SELECT state INTO st FROM performance_runs WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.run_id ELSE OLD.run_id END;
  IF st IS DISTINCT FROM 'draft' THEN
    RAISE EXCEPTION 'scores of a % performance run are frozen (已提交或已发布的绩效分数不可修改)', coalesce(st, 'missing');
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER performance_scores_frozen BEFORE INSERT OR UPDATE OR DELETE ON performance_scores FOR EACH ROW EXECUTE FUNCTION performance_scores_frozen();

-- Corrections made in review: points added (or taken) for a department, with the reason.
CREATE TABLE performance_corrections (
  id              bigserial PRIMARY KEY,
  run_id          bigint NOT NULL REFERENCES performance_runs (id),
  department_code text NOT NULL,
  points          numeric(7, 2) NOT NULL CHECK (points <> 0 AND points BETWEEN -100 AND 100),
  reason          text NOT NULL CHECK (char_length(btrim(reason)) BETWEEN 2 AND 2000),
  created_by      bigint NOT NULL REFERENCES users (id),
  created_by_name text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (run_id, department_code) REFERENCES performance_scores (run_id, department_code) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX performance_corrections_run ON performance_corrections (run_id, id);
CREATE TRIGGER performance_corrections_append_only BEFORE UPDATE OR DELETE ON performance_corrections FOR EACH ROW EXECUTE FUNCTION performance_append_only();

-- Review comments (on the run, or on one department of it).
CREATE TABLE performance_comments (
  id              bigserial PRIMARY KEY,
  run_id          bigint NOT NULL REFERENCES performance_runs (id),
  department_code text,
  body            text NOT NULL CHECK (char_length(btrim(body)) BETWEEN 1 AND 4000),
  author_id       bigint NOT NULL REFERENCES users (id),
  author_name     text NOT NULL,
  author_role     text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX performance_comments_run ON performance_comments (run_id, id);
CREATE TRIGGER performance_comments_append_only BEFORE UPDATE OR DELETE ON performance_comments FOR EACH ROW EXECUTE FUNCTION performance_append_only();

-- Every workflow step of a run, in order (computed, recomputed, submitted, returned, approved,
-- published, revised).
CREATE TABLE performance_steps (
  id          bigserial PRIMARY KEY,
  run_id      bigint NOT NULL REFERENCES performance_runs (id),
  action      text NOT NULL,
  from_state  text,
  to_state    text NOT NULL,
  note        text,
  actor_id    bigint NOT NULL REFERENCES users (id),
  actor_name  text NOT NULL,
  actor_role  text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX performance_steps_run ON performance_steps (run_id, id);
CREATE TRIGGER performance_steps_append_only BEFORE UPDATE OR DELETE ON performance_steps FOR EACH ROW EXECUTE FUNCTION performance_append_only();
