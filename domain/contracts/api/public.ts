/**
 * Shapes of the public supervision site's API (`/api/v1/public/*`, server/routes/public*.ts), as
 * TypeBox schemas: the server validates and documents with them, the public pages import the
 * `Static` types only. Nothing here carries personal data: no applicant or citizen names, ID
 * numbers, phones, handlers, nor case numbers of other people.
 */
import Type, { type Static } from 'typebox'
import { CASE_TYPES, PETITION_KINDS } from '../caseTypes.ts'
import { ANNOUNCEMENT_COLUMNS } from '../announcements.ts'

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])
const Unit = Type.Union([Type.Literal('workday'), Type.Literal('day')])

/** The petition kinds a citizen may file on the site (all five). */
export const PUBLIC_PETITION_KINDS = PETITION_KINDS

/** `GET /api/v1/public/departments` */
export const PublicDepartment = Type.Object({ code: Type.String(), name: Type.String() })
export type PublicDepartment = Static<typeof PublicDepartment>
export const PublicDepartmentList = Type.Object({ items: Type.Array(PublicDepartment) })
export type PublicDepartmentList = Static<typeof PublicDepartmentList>

/** One item of the service guide (办事指南) in a list. */
export const PublicItemSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  caseType: Type.Enum(CASE_TYPES),
  departmentCode: Type.String(),
  departmentName: Type.String(),
  legalLimit: Nullable(Type.Integer()),
  legalUnit: Unit,
  promisedLimit: Nullable(Type.Integer()),
  promisedUnit: Unit,
  /** The fee standard in yuan (0: free). */
  fee: Type.Number(),
  materialCount: Type.Integer(),
})
export type PublicItemSummary = Static<typeof PublicItemSummary>

/** `GET /api/v1/public/items?q=&department=` */
export const PublicItemList = Type.Object({ items: Type.Array(PublicItemSummary), truncated: Type.Boolean() })
export type PublicItemList = Static<typeof PublicItemList>

/** `GET /api/v1/public/items/:code` */
export const PublicItemDetail = Type.Intersect([
  PublicItemSummary,
  Type.Object({
    feeBasis: Nullable(Type.String()),
    materials: Type.Array(Type.String()),
    process: Nullable(Type.String()),
    /** Cases of the item concluded in the last 365 days with a deadline, and how many on time. */
    concluded: Type.Integer(),
    onTime: Type.Integer(),
    onTimeRate: Nullable(Type.Number()),
  }),
])
export type PublicItemDetail = Static<typeof PublicItemDetail>

/** One department's line in the published ranking. */
export const PublicRankingRow = Type.Object({
  departmentCode: Type.String(),
  name: Type.String(),
  /** 1-based within the ranked list; null for departments below the minimum volume (样本不足). */
  rank: Nullable(Type.Integer()),
  /** The performance score when the ranking is a published evaluation; null for statistics. */
  score: Nullable(Type.Number()),
  grade: Nullable(Type.String()),
  /** Cases the figure rests on (concluded cases for statistics; the scorecard's volume otherwise). */
  volume: Type.Integer(),
  onTime: Nullable(Type.Integer()),
  onTimeRate: Nullable(Type.Number()),
  /** Statistics only: the Wilson lower bound the ranking orders by (small volumes pulled down). */
  rankingRate: Nullable(Type.Number()),
})
export type PublicRankingRow = Static<typeof PublicRankingRow>

/** `GET /api/v1/public/ranking` */
export const PublicRanking = Type.Object({
  /** `performance`: the latest published (frozen) evaluation; `statistics`: this month's on-time figures. */
  basis: Type.Union([Type.Literal('performance'), Type.Literal('statistics')]),
  /** YYYY-MM */
  period: Type.String(),
  jurisdictionCode: Type.String(),
  minVolume: Type.Integer(),
  /** A published evaluation corrected after publication (a later version). */
  corrected: Type.Boolean(),
  publishedAt: Nullable(Type.String()),
  ranked: Type.Array(PublicRankingRow),
  insufficient: Type.Array(PublicRankingRow),
})
export type PublicRanking = Static<typeof PublicRanking>

/** `GET /api/v1/public/today`: the home page's figures for the jurisdiction's local day (counts only). */
export const PublicToday = Type.Object({
  /** YYYY-MM-DD in the jurisdiction's time zone */
  day: Type.String(),
  /** Cases submitted (else accepted) today */
  received: Type.Integer(),
  /** Cases concluded today */
  concluded: Type.Integer(),
  /** Cases concluded this month that had a deadline, and how many of them on or before it */
  concludedMonth: Type.Integer(),
  onTimeMonth: Type.Integer(),
  onTimeRateMonth: Nullable(Type.Number()),
  /** When the figures were read (they are reused for up to a minute) */
  asOf: Type.String(),
})
export type PublicToday = Static<typeof PublicToday>

/** `GET /api/v1/public/challenge`: an ALTCHA proof-of-work challenge (SHA-256). */
export const PublicChallenge = Type.Object({
  algorithm: Type.String(),
  challenge: Type.String(),
  maxnumber: Type.Integer(),
  salt: Type.String(),
  signature: Type.String(),
})
export type PublicChallenge = Static<typeof PublicChallenge>

/** The solved challenge sent with a write: base64 of the ALTCHA payload JSON. */
export const ChallengeSolution = Type.String({ minLength: 10, maxLength: 2000, description: 'base64 ALTCHA payload {algorithm, challenge, number, salt, signature}' })

// the attachment limits live in the plain contract module (the pages import them at run time)
export { ATTACHMENT_TYPES, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, type AttachmentType } from '../attachments.ts'

/**
 * One attachment image, base64 in the JSON body. The declared type and the bytes must agree and be
 * one of ATTACHMENT_TYPES (else 415 ATTACHMENT_TYPE); over MAX_ATTACHMENT_BYTES, 413
 * ATTACHMENT_TOO_LARGE; more than MAX_ATTACHMENTS, 400 TOO_MANY_ATTACHMENTS. No file name is kept.
 */
export const PublicComplaintAttachment = Type.Object(
  {
    contentType: Type.String({ maxLength: 100 }),
    data: Type.String({ minLength: 4, pattern: '^[A-Za-z0-9+/]*={0,2}$', description: 'base64 of the image bytes' }),
  },
  { additionalProperties: false },
)
export type PublicComplaintAttachment = Static<typeof PublicComplaintAttachment>

/** `POST /api/v1/public/complaints` */
export const PublicComplaintRequest = Type.Object(
  {
    kind: Type.Enum(PUBLIC_PETITION_KINDS),
    departmentCode: Type.String({ minLength: 1, maxLength: 64 }),
    text: Type.String({ minLength: 5, maxLength: 500 }),
    /** Optional, for the answer; stored with the petition, never shown on the site. */
    contactName: Type.Optional(Type.String({ maxLength: 50 })),
    contactPhone: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$' })),
    /** Optional images (see PublicComplaintAttachment); shown to staff only, never on the site. */
    attachments: Type.Optional(Type.Array(PublicComplaintAttachment)),
    altcha: ChallengeSolution,
  },
  { additionalProperties: false },
)
export type PublicComplaintRequest = Static<typeof PublicComplaintRequest>

export const PublicComplaintReceipt = Type.Object({
  /** Shown once: the only way to follow the complaint. The server keeps its hash only. */
  trackingCode: Type.String(),
  receivedAt: Type.String(),
})
export type PublicComplaintReceipt = Static<typeof PublicComplaintReceipt>

/** A tracking code: 12 letters and digits (no 0/O/1/I), dashes and case ignored. */
export const TrackingCode = Type.String({ minLength: 12, maxLength: 20, pattern: '^[A-Za-z0-9-]+$' })

/** `POST /api/v1/public/complaints/track` */
export const PublicTrackRequest = Type.Object({ code: TrackingCode }, { additionalProperties: false })

/** What the citizen holding the code sees of their complaint. */
export const PublicComplaintStatus = Type.Object({
  kind: Nullable(Type.Enum(PUBLIC_PETITION_KINDS)),
  departmentName: Nullable(Type.String()),
  /** `pending` until the petition is projected, then the petition's status. */
  status: Type.Union([Type.Literal('pending'), Type.Literal('received'), Type.Literal('assigned'), Type.Literal('acknowledged'), Type.Literal('replied'), Type.Literal('closed')]),
  level: Nullable(Type.String()),
  receivedAt: Type.String(),
  deadlineDate: Nullable(Type.String()),
  repliedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  /** The department's answer, with personal data masked. */
  answer: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  mayRate: Type.Boolean(),
})
export type PublicComplaintStatus = Static<typeof PublicComplaintStatus>

/** `POST /api/v1/public/complaints/rate`: 1 非常不满意 … 5 非常满意. */
export const PublicRateRequest = Type.Object(
  { code: TrackingCode, rating: Type.Integer({ minimum: 1, maximum: 5 }), altcha: ChallengeSolution },
  { additionalProperties: false },
)
export type PublicRateRequest = Static<typeof PublicRateRequest>

/**
 * `POST /api/v1/public/cases/lookup`: a case's progress (办件进度公开) by its receipt number and the
 * query code — the last six characters of the applicant's certificate number (ID card or unified
 * social credit code), as on the acceptance receipt. A wrong number and a wrong code answer alike.
 */
export const PublicCaseLookupRequest = Type.Object(
  {
    caseNo: Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$' }),
    queryCode: Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9A-Za-z]{6}$' }),
  },
  { additionalProperties: false },
)
export type PublicCaseLookupRequest = Static<typeof PublicCaseLookupRequest>

export const PublicCaseProgress = Type.Object({
  caseNo: Type.String(),
  itemName: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  /** The applicant's name masked (张*三); never the certificate number or phone. */
  applicantMasked: Nullable(Type.String()),
  status: Type.String(),
  level: Type.String(),
  acceptedAt: Nullable(Type.String()),
  deadlineDate: Nullable(Type.String()),
  concludedAt: Nullable(Type.String()),
  /** The stages passed, in order (names and times; no handler, no opinion). */
  stages: Type.Array(Type.Object({ stage: Type.String(), at: Type.String() })),
})
export type PublicCaseProgress = Static<typeof PublicCaseProgress>

export { ANNOUNCEMENT_COLUMNS, type AnnouncementColumn } from '../announcements.ts'

export const PublicAnnouncementSummary = Type.Object({
  id: Type.String(),
  column: Type.Enum(ANNOUNCEMENT_COLUMNS),
  title: Type.String(),
  publishedAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  readCount: Type.Integer(),
})
export type PublicAnnouncementSummary = Static<typeof PublicAnnouncementSummary>

/** `GET /api/v1/public/announcements?column=`: live ones, newest first, and the most read. */
export const PublicAnnouncementList = Type.Object({ items: Type.Array(PublicAnnouncementSummary), hot: Type.Array(PublicAnnouncementSummary) })
export type PublicAnnouncementList = Static<typeof PublicAnnouncementList>

/** `GET /api/v1/public/announcements/:id` (counts the read). */
export const PublicAnnouncement = Type.Intersect([PublicAnnouncementSummary, Type.Object({ body: Type.String() })])
export type PublicAnnouncement = Static<typeof PublicAnnouncement>

/** `POST /api/v1/announcements` (supervisor, admin; audited). */
export const AnnouncementRequest = Type.Object(
  {
    column: Type.Enum(ANNOUNCEMENT_COLUMNS),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 20000 }),
    publishedAt: Type.Optional(Type.String({ format: 'date-time' })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    /** true: saved as a draft, not shown until published (PATCH draft: false). */
    draft: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type AnnouncementRequest = Static<typeof AnnouncementRequest>
