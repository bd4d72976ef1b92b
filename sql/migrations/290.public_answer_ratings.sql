-- Anonymous ratings of published answers by the public (好差评 of 信件公开, 1 … 5).
--
-- Anyone reading a published answer may rate it without an account; each rating costs a solved
-- proof-of-work challenge, used once, and counts against a per-IP hourly limit (server/public/guard.ts).
-- Nothing about the rater is kept: no IP, no session, no cookie — only the rating and its time.
-- These ratings are shown with the answer; the satisfaction that the scoring uses stays the
-- petitioner's own rating (`petition.rated`), which an anonymous public rating cannot stand for.
CREATE TABLE published_answer_ratings (
  id        bigserial PRIMARY KEY,
  answer_id bigint NOT NULL REFERENCES published_answers (id),
  rating    smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  rated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX published_answer_ratings_answer ON published_answer_ratings (answer_id, rating);
