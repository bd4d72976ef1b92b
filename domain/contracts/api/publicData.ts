/**
 * Shapes of the public site's disclosure and open-data API (`/api/v1/public/cards`, `scorecards`,
 * `statistics`, `open/*`; server/routes/public-data.ts), as TypeBox schemas: the server validates
 * and documents with them, the public pages import the `Static` types only. No personal data:
 * no applicant, citizen or handler, no case, petition or order number, no free text of a card or a
 * correction (a reason may name someone).
 */
import Type, { type Static } from 'typebox'

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])
const Color = Type.Union([Type.Literal('yellow'), Type.Literal('red')])
const PeerGroup = Type.Union([Type.Literal('county'), Type.Literal('townsStreets'), Type.Literal('vertical')])
const Grade = Type.Union([Type.Literal('excellent'), Type.Literal('good'), Type.Literal('pass'), Type.Literal('fail')])

/** One published (confirmed, not revoked) card: department, item, date and rule only. */
export const PublicCard = Type.Object({
  id: Type.String(),
  color: Color,
  /** A code of domain/rules/cardRules.ts. */
  rule: Type.String(),
  subject: Type.Union([Type.Literal('case'), Type.Literal('petition'), Type.Literal('order')]),
  departmentCode: Type.String(),
  departmentName: Type.String(),
  /** The item of the case (cases only). */
  itemName: Nullable(Type.String()),
  /** Local day (Asia/Shanghai) the rule was broken. */
  date: Type.String(),
  publishedAt: Type.String(),
})
export type PublicCard = Static<typeof PublicCard>

/** `GET /api/v1/public/cards?department=&color=&year=` */
export const PublicCardList = Type.Object({
  items: Type.Array(PublicCard),
  truncated: Type.Boolean(),
  /** Per department over the same filter (all pages): yellow and red. */
  byDepartment: Type.Array(Type.Object({ departmentCode: Type.String(), name: Type.String(), yellow: Type.Integer(), red: Type.Integer() })),
})
export type PublicCardList = Static<typeof PublicCardList>

export const PublicScoreLine = Type.Object({
  indicatorId: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  points: Type.Number(),
  numerator: Type.Optional(Type.Number()),
  denominator: Type.Optional(Type.Number()),
  rate: Type.Optional(Nullable(Type.Number())),
  count: Type.Integer(),
})

/** domain/performance/publicScorecard.ts's shape. */
export const PublicScorecardShape = Type.Object({
  departmentCode: Type.String(),
  name: Type.String(),
  peerGroup: PeerGroup,
  rank: Nullable(Type.Integer()),
  insufficient: Type.Boolean(),
  score: Type.Number(),
  grade: Grade,
  volume: Type.Integer(),
  lines: Type.Array(PublicScoreLine),
})
export type PublicScorecardShape = Static<typeof PublicScorecardShape>

/** A published run: its version (> 1: a correction of an earlier publication). */
export const PublicRun = Type.Object({ period: Type.String(), version: Type.Integer(), publishedAt: Type.String(), corrected: Type.Boolean() })
export type PublicRun = Static<typeof PublicRun>

/** A quarter's or year's score: the mean of the published months. */
export const PublicPeriodScore = Type.Object({
  departmentCode: Type.String(),
  name: Type.String(),
  peerGroup: PeerGroup,
  score: Type.Number(),
  grade: Grade,
  months: Type.Array(Type.String()),
  volume: Type.Integer(),
  insufficient: Type.Boolean(),
})
export type PublicPeriodScore = Static<typeof PublicPeriodScore>

/** `GET /api/v1/public/scorecards?period=` (YYYY-MM, YYYY-Qn or YYYY; default the latest published month) */
export const PublicScorecards = Type.Object({
  jurisdictionCode: Type.String(),
  /** null: nothing published yet. */
  period: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('year')]),
  /** Every month with a published evaluation, newest first (the period picker). */
  publishedMonths: Type.Array(Type.String()),
  runs: Type.Array(PublicRun),
  /** Months: ranked per peer group, 样本不足 apart. */
  groups: Type.Array(Type.Object({ peerGroup: PeerGroup, ranked: Type.Array(PublicScorecardShape), insufficient: Type.Array(PublicScorecardShape) })),
  /** Quarters and years: the mean of months per department. */
  departments: Type.Array(PublicPeriodScore),
})
export type PublicScorecards = Static<typeof PublicScorecards>

/** `GET /api/v1/public/scorecards/:code?period=` one department's scorecard and its 12 months. */
export const PublicDepartmentScorecard = Type.Object({
  departmentCode: Type.String(),
  name: Type.String(),
  period: Nullable(Type.String()),
  run: Nullable(PublicRun),
  scorecard: Nullable(PublicScorecardShape),
  /** The 12 months up to `period` with a published score (oldest first). */
  trend: Type.Array(Type.Object({ period: Type.String(), score: Type.Number(), grade: Grade, rank: Nullable(Type.Integer()), volume: Type.Integer(), insufficient: Type.Boolean(), corrected: Type.Boolean() })),
})
export type PublicDepartmentScorecard = Static<typeof PublicDepartmentScorecard>

/** Counts of one month (or one department in a month) from the statistics rollup. */
export const PublicStatisticsRow = Type.Object({
  key: Type.String(),
  name: Type.String(),
  received: Type.Integer(),
  concluded: Type.Integer(),
  /** concluded with a deadline, and of those on or before it */
  timed: Type.Integer(),
  onTime: Type.Integer(),
  onTimeRate: Nullable(Type.Number()),
  immediate: Type.Integer(),
  promised: Type.Integer(),
  joint: Type.Integer(),
  escalated: Type.Integer(),
  returned: Type.Integer(),
  supplemented: Type.Integer(),
})
export type PublicStatisticsRow = Static<typeof PublicStatisticsRow>

/** `GET /api/v1/public/statistics?month=` the 12 closed months, and one of them per department. */
export const PublicStatistics = Type.Object({
  jurisdictionCode: Type.String(),
  /** The 12 closed months and the running one, oldest first; key YYYY-MM. */
  months: Type.Array(PublicStatisticsRow),
  /** The month still running (its figures so far), the last of `months`. */
  openMonth: Type.String(),
  /** The month of `departments` (default the running month). */
  month: Type.String(),
  departments: Type.Array(PublicStatisticsRow),
})
export type PublicStatistics = Static<typeof PublicStatistics>

/** The audit chain's head at the end of a local day (the last entry of that day). */
export const PublicAuditAnchor = Type.Object({ day: Type.String(), seq: Type.Integer(), hash: Type.String(), at: Type.String(), /** false for today: the day has not ended, its head still moves */ final: Type.Boolean() })
export type PublicAuditAnchor = Static<typeof PublicAuditAnchor>

/** `GET /api/v1/public/open` the open-data catalogue. */
export const PublicOpenCatalogue = Type.Object({
  licence: Type.String(),
  tables: Type.Array(Type.Object({ name: Type.String(), title: Type.Object({ zh: Type.String(), en: Type.String() }), csv: Type.String(), json: Type.String(), columns: Type.Array(Type.String()) })),
  anchors: Type.Array(PublicAuditAnchor),
})
export type PublicOpenCatalogue = Static<typeof PublicOpenCatalogue>

/** The licence line every open-data file carries. */
export const OPEN_DATA_LICENCE = '本数据依《政府信息公开条例》公开，可自由复制、使用和再发布，须注明来源“浈江区行政审批电子监察系统”。Open data: free to copy, use and republish with attribution (CC BY 4.0).'
