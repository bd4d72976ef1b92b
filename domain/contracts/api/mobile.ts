/**
 * Response shapes of the leaders' mobile API (server/routes/mobile*.ts, GET /api/v1/mobile/*), as
 * TypeBox schemas: the server validates and documents its answers with them, the dashboard's /m
 * pages take their types only (`import type`, erased at build). Every answer is one screen's data,
 * scoped to the caller's departments (visible_departments, with leader_departments for 分管领导).
 */
import Type, { type Static } from 'typebox'

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])
const Level = Type.Union([Type.Literal('normal'), Type.Literal('warning'), Type.Literal('yellow'), Type.Literal('red')])
const CardColor = Type.Union([Type.Literal('yellow'), Type.Literal('red')])

/** A figure with its change since yesterday (same time of day for flows, start of today for states). */
export const Figure = Type.Object({ value: Type.Integer(), change: Type.Integer() })
export type Figure = Static<typeof Figure>

/** `GET /api/v1/mobile/overview`: today at a glance. */
export const MobileOverview = Type.Object({
  asOf: Type.String({ description: 'when the figures were read (ISO)' }),
  localDate: Type.String(),
  /** 'jurisdiction': the whole jurisdiction (district leader); 'assigned': 分管 departments only. */
  scope: Type.Union([Type.Literal('jurisdiction'), Type.Literal('assigned')]),
  departments: Type.Integer(),
  received: Figure,
  accepted: Figure,
  concluded: Figure,
  open: Figure,
  warning: Figure,
  yellow: Figure,
  red: Figure,
  /** On-time share of this month's concluded cases (0..1, null without any); change vs. up to yesterday. */
  onTimeRate: Type.Object({ value: Nullable(Type.Number()), change: Nullable(Type.Number()), concluded: Type.Integer() }),
  petitionsOpen: Figure,
  petitionsOverdue: Figure,
  awaitingInstruction: Type.Integer(),
})
export type MobileOverview = Static<typeof MobileOverview>

/** One active yellow or red card. */
export const MobileCard = Type.Object({
  id: Type.String(),
  subject: Type.String(),
  subjectNo: Type.String(),
  departmentCode: Type.String(),
  departmentName: Nullable(Type.String()),
  color: CardColor,
  rule: Type.String(),
  reason: Type.String(),
  manual: Type.Boolean(),
  issuedAt: Type.String(),
})
export type MobileCard = Static<typeof MobileCard>
export const MobileCards = Type.Object({ items: Type.Array(MobileCard), total: Type.Integer() })
export type MobileCards = Static<typeof MobileCards>

/** One department of the board: open cases by level, worst first. */
export const MobileDepartmentRow = Type.Object({
  code: Type.String(),
  name: Type.String(),
  open: Type.Integer(),
  warning: Type.Integer(),
  yellow: Type.Integer(),
  red: Type.Integer(),
  activeCards: Type.Integer(),
})
export type MobileDepartmentRow = Static<typeof MobileDepartmentRow>
export const MobileDepartments = Type.Object({ items: Type.Array(MobileDepartmentRow) })
export type MobileDepartments = Static<typeof MobileDepartments>

export const MobileOpenCase = Type.Object({
  caseNo: Type.String(),
  itemName: Nullable(Type.String()),
  level: Level,
  cardColor: Nullable(CardColor),
  deadlineDate: Nullable(Type.String()),
  status: Type.String(),
})
export type MobileOpenCase = Static<typeof MobileOpenCase>

/** `GET /api/v1/mobile/departments/:code`. */
export const MobileDepartmentDetail = Type.Object({
  department: MobileDepartmentRow,
  cases: Type.Array(MobileOpenCase),
  trend: Type.Array(Type.Object({ date: Type.String(), received: Type.Integer(), concluded: Type.Integer() })),
  urgings: Type.Array(Type.Object({ id: Type.String(), caseNo: Nullable(Type.String()), message: Type.String(), createdAt: Type.String(), replies: Type.Integer() })),
  orders: Type.Array(Type.Object({ id: Type.String(), orderNo: Type.String(), state: Type.String(), level: Level, dueDate: Type.String(), caseNo: Nullable(Type.String()) })),
})
export type MobileDepartmentDetail = Static<typeof MobileDepartmentDetail>

/** `GET /api/v1/mobile/cases/:caseNo`: the summary (personal data masked) and the why. */
export const MobileCase = Type.Object({
  caseNo: Type.String(),
  departmentCode: Type.String(),
  departmentName: Nullable(Type.String()),
  itemName: Nullable(Type.String()),
  status: Type.String(),
  level: Level,
  cardColor: Nullable(CardColor),
  applicantName: Nullable(Type.String({ description: 'masked' })),
  acceptedAt: Nullable(Type.String()),
  concludedAt: Nullable(Type.String()),
  deadlineDate: Nullable(Type.String()),
  /** The clock's explanation (the same computation as GET /api/v1/cases/:caseNo/explain), day by day. */
  why: Type.Object({
    evaluatedAt: Type.String(),
    clockStatus: Type.String(),
    rule: Nullable(Type.String()),
    limit: Nullable(Type.Object({ value: Type.Integer(), unit: Type.String() })),
    acceptedDate: Nullable(Type.String()),
    startDate: Nullable(Type.String()),
    deadlineDate: Nullable(Type.String()),
    countedDays: Type.Array(Type.Object({ date: Type.String(), index: Type.Integer() })),
    excludedDays: Type.Array(Type.Object({ date: Type.String(), reason: Type.String() })),
    calendarEntries: Type.Array(Type.Object({ date: Type.String(), isWorkday: Type.Boolean(), name: Nullable(Type.String()) })),
    thresholds: Type.Array(Type.Object({ level: Type.String(), from: Type.String() })),
    levelChanges: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), at: Type.String() })),
  }),
  cards: Type.Array(Type.Object({ id: Type.String(), color: Nullable(CardColor), rule: Type.String(), reason: Type.String(), issuedAt: Type.String(), revoked: Type.Boolean() })),
})
export type MobileCase = Static<typeof MobileCase>

/** An order awaiting this leader's instruction (appealed), with its trail. */
export const MobileAwaitingOrder = Type.Object({
  id: Type.String(),
  orderNo: Type.String(),
  departmentCode: Type.String(),
  departmentName: Nullable(Type.String()),
  caseNo: Nullable(Type.String()),
  opinion: Type.String(),
  level: Level,
  dueDate: Type.String(),
  appealedAt: Nullable(Type.String()),
  steps: Type.Array(Type.Object({ seq: Type.Integer(), kind: Type.String(), body: Type.String(), actorName: Type.String(), at: Type.String() })),
})
export type MobileAwaitingOrder = Static<typeof MobileAwaitingOrder>
export const MobileAwaiting = Type.Object({ items: Type.Array(MobileAwaitingOrder) })
export type MobileAwaiting = Static<typeof MobileAwaiting>

/** This month's on-time ranking with volumes; departments below `minConcluded` are listed apart. */
export const MobileRankingRow = Type.Object({ code: Type.String(), name: Type.String(), concluded: Type.Integer(), onTime: Type.Integer(), rate: Nullable(Type.Number()) })
export type MobileRankingRow = Static<typeof MobileRankingRow>
export const MobileRankings = Type.Object({ month: Type.String(), minConcluded: Type.Integer(), ranked: Type.Array(MobileRankingRow), tooFew: Type.Array(MobileRankingRow) })
export type MobileRankings = Static<typeof MobileRankings>

/**
 * The slot the dashboard's build leaves in /m's page (`m-home.html`, dashboard/mobileHtml.ts) for
 * the server to pre-render the overview into (server/mobile/prerender.ts); a page without it — a
 * build whose app does not take the pre-rendered screen over — is sent as it is.
 */
export const MOBILE_PRERENDER_SLOT = '<div id="app" data-prerender="m-overview"></div>'
