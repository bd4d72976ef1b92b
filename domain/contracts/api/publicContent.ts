/**
 * Shapes of the public site's content (issue 18): the administration of announcements (公开内容),
 * the answers the supervision office publishes (答复公开) with the hot letters and the satisfaction
 * rankings of the week and month, and the site search (站内搜索). TypeBox schemas; the pages import
 * the `Static` types only. The public shapes carry no personal data.
 */
import Type, { type Static } from 'typebox'
import { ANNOUNCEMENT_COLUMNS } from '../announcements.ts'
import { PETITION_KINDS } from '../caseTypes.ts'
import { ChallengeSolution } from './public.ts'

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])
const DateTime = Type.String({ format: 'date-time' })

/** An announcement as the administration sees it: drafts and expired ones too. */
export const AdminAnnouncement = Type.Object({
  id: Type.String(),
  column: Type.Enum(ANNOUNCEMENT_COLUMNS),
  title: Type.String(),
  body: Type.String(),
  draft: Type.Boolean(),
  publishedAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  /** `draft`, `scheduled` (published later), `live`, `expired`. */
  state: Type.Union([Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('live'), Type.Literal('expired')]),
  readCount: Type.Integer(),
  updatedAt: Nullable(Type.String()),
})
export type AdminAnnouncement = Static<typeof AdminAnnouncement>

/** `GET /api/v1/announcements` (supervisor, admin) */
export const AdminAnnouncementList = Type.Object({ items: Type.Array(AdminAnnouncement) })
export type AdminAnnouncementList = Static<typeof AdminAnnouncementList>

/** `PATCH /api/v1/announcements/:id` (supervisor, admin; audited): any of the fields. */
export const AnnouncementPatch = Type.Object(
  {
    column: Type.Optional(Type.Enum(ANNOUNCEMENT_COLUMNS)),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
    /** false publishes (from `publishedAt`), true takes it back to a draft. */
    draft: Type.Optional(Type.Boolean()),
    publishedAt: Type.Optional(DateTime),
    /** null: never expires. */
    expiresAt: Type.Optional(Nullable(DateTime)),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type AnnouncementPatch = Static<typeof AnnouncementPatch>

/** An answered petition the supervision office may publish: the texts as they would be published. */
export const AnswerCandidate = Type.Object({
  petitionNo: Type.String(),
  kind: Nullable(Type.Enum(PETITION_KINDS)),
  departmentName: Nullable(Type.String()),
  receivedAt: Nullable(Type.String()),
  repliedAt: Nullable(Type.String()),
  /** Personal data of the citizen and any ID, phone or e-mail already masked. */
  subject: Type.String(),
  answer: Type.String(),
  rating: Nullable(Type.Integer()),
  /** The published answer's id while it is on the site. */
  publishedId: Nullable(Type.String()),
})
export type AnswerCandidate = Static<typeof AnswerCandidate>

/** `GET /api/v1/answers?published=` (supervisor, admin) */
export const AnswerCandidateList = Type.Object({ items: Type.Array(AnswerCandidate) })
export type AnswerCandidateList = Static<typeof AnswerCandidateList>

/** `POST /api/v1/answers/:petitionNo/publication` (supervisor, admin; audited) */
export const AnswerPublication = Type.Object({ published: Type.Boolean() }, { additionalProperties: false })
export type AnswerPublication = Static<typeof AnswerPublication>

/** A published answer on the site (信件公开), personal data removed. */
export const PublicAnswerSummary = Type.Object({
  id: Type.String(),
  kind: Nullable(Type.Enum(PETITION_KINDS)),
  departmentName: Nullable(Type.String()),
  subject: Type.String(),
  receivedAt: Nullable(Type.String()),
  repliedAt: Nullable(Type.String()),
  publishedAt: Type.String(),
  readCount: Type.Integer(),
})
export type PublicAnswerSummary = Static<typeof PublicAnswerSummary>

/** The public's anonymous ratings of one published answer (好差评, 1 … 5): how many, and their mean. */
export const PublicAnswerRatings = Type.Object({ ratings: Type.Integer(), average: Nullable(Type.Number()) })
export type PublicAnswerRatings = Static<typeof PublicAnswerRatings>

export const PublicAnswer = Type.Intersect([PublicAnswerSummary, Type.Object({ answer: Type.String(), publicRatings: PublicAnswerRatings })])
export type PublicAnswer = Static<typeof PublicAnswer>

/** `POST /api/v1/public/answers/:id/rate`: an anonymous rating, with a solved challenge (used once). */
export const PublicAnswerRateRequest = Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), altcha: ChallengeSolution }, { additionalProperties: false })
export type PublicAnswerRateRequest = Static<typeof PublicAnswerRateRequest>

/** `GET /api/v1/public/answers`: the latest, and the hot letters of the week and the month (reads). */
export const PublicAnswerList = Type.Object({
  items: Type.Array(PublicAnswerSummary),
  hotWeek: Type.Array(Type.Intersect([PublicAnswerSummary, Type.Object({ reads: Type.Integer() })])),
  hotMonth: Type.Array(Type.Intersect([PublicAnswerSummary, Type.Object({ reads: Type.Integer() })])),
})
export type PublicAnswerList = Static<typeof PublicAnswerList>

/** One department's satisfaction (好差评, 1 … 5) over a period. */
export const SatisfactionRow = Type.Object({
  departmentCode: Type.String(),
  name: Type.String(),
  /** 1-based among departments with at least `minRatings`; null below. */
  rank: Nullable(Type.Integer()),
  ratings: Type.Integer(),
  average: Type.Number(),
  /** Share of ratings 4 or 5 (满意, 非常满意). */
  satisfied: Type.Number(),
})
export type SatisfactionRow = Static<typeof SatisfactionRow>

const SatisfactionPeriod = Type.Object({ since: Type.String(), ranked: Type.Array(SatisfactionRow), insufficient: Type.Array(SatisfactionRow) })

/** `GET /api/v1/public/satisfaction`: the last 7 and 30 days of citizens' ratings. */
export const PublicSatisfaction = Type.Object({ minRatings: Type.Integer(), week: SatisfactionPeriod, month: SatisfactionPeriod })
export type PublicSatisfaction = Static<typeof PublicSatisfaction>

export const SEARCH_KINDS = ['item', 'announcement', 'answer'] as const
export type SearchKind = (typeof SEARCH_KINDS)[number]

/** `GET /api/v1/public/search?q=&kind=` */
export const PublicSearchHit = Type.Object({
  kind: Type.Enum(SEARCH_KINDS),
  /** Item code, announcement id or answer id: the page's address follows from kind and id. */
  id: Type.String(),
  title: Type.String(),
  /** A few words around the first match (personal data masked). */
  excerpt: Type.String(),
  at: Nullable(Type.String()),
})
export type PublicSearchHit = Static<typeof PublicSearchHit>

export const PublicSearchResult = Type.Object({ q: Type.String(), hits: Type.Array(PublicSearchHit), truncated: Type.Boolean() })
export type PublicSearchResult = Static<typeof PublicSearchResult>
