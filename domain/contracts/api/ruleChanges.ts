/**
 * Rule and calendar changes with a preview (server/routes/rule-changes.ts; issue 19): the change
 * an administrator proposes, what the preview answers, the saved history. The dashboard imports
 * the types only.
 */
import Type, { type Static, type TSchema } from 'typebox'

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const Level = Type.Union([Type.Literal('normal'), Type.Literal('warning'), Type.Literal('yellow'), Type.Literal('red')])
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const SchemeValue = Type.Object(
  {
    warning: Type.Union([
      Type.Object({ offset: Type.Integer({ minimum: -30, maximum: 0 }) }, { additionalProperties: false }),
      Type.Object({ share: Type.Number({ exclusiveMinimum: 0, maximum: 1 }) }, { additionalProperties: false }),
    ]),
    yellow: Type.Integer({ minimum: 1, maximum: 60 }),
    red: Type.Integer({ minimum: 1, maximum: 120 }),
    overdueCards: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

/** A limit of the catalogue (same bounds as the item editor). */
export const LimitValue = Type.Object(
  { value: Type.Integer({ minimum: 0, maximum: 3650 }), unit: Type.Union([Type.Literal('workday'), Type.Literal('day')]) },
  { additionalProperties: false },
)

/** A proposed change (domain/rules/whatIf RuleChange). */
export const RuleChangeBody = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('calendarOverride'),
      jurisdictionCode: Type.String({ pattern: '^[0-9]{6}$' }),
      date: IsoDate,
      /** false: a day off (e.g. a holiday); true: a worked day (补班); null: withdraw the override. */
      isWorkday: Type.Union([Type.Boolean(), Type.Null()]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('scheme'),
      scope: Type.Union([Type.Literal('jurisdiction'), Type.Literal('department'), Type.Literal('item')]),
      code: Type.String({ minLength: 1, maxLength: 64 }),
      /** null: remove the scheme (the next one in precedence applies). */
      scheme: Type.Union([SchemeValue, Type.Null()]),
      /**
       * Effective from: absent or null — every open case now; a local date — only the cases
       * accepted on or after it (a new version; the others keep the one they started under).
       */
      acceptedFrom: Type.Optional(Nullable(IsoDate)),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      /** Removes one saved version of a scope's scheme: the inverse (undo) of a scheme change. */
      kind: Type.Literal('schemeRetract'),
      scope: Type.Union([Type.Literal('jurisdiction'), Type.Literal('department'), Type.Literal('item')]),
      code: Type.String({ minLength: 1, maxLength: 64 }),
      versionId: Type.String({ pattern: '^[0-9]{1,19}$' }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('itemLimits'),
      code: Type.String({ minLength: 1, maxLength: 64 }),
      /** The item's promised and legal limits (null: none); open cases without their own take them. */
      promised: Nullable(LimitValue),
      legal: Nullable(LimitValue),
      /**
       * Effective from: absent or null — every open case now (the catalogue's limits change too);
       * a local date — only the cases accepted on or after it (a new version of the item's limits;
       * the others keep the limits they started under).
       */
      acceptedFrom: Type.Optional(Nullable(IsoDate)),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      /** Removes one saved version of an item's limits: the inverse (undo) of an item-limits change. */
      kind: Type.Literal('itemLimitsRetract'),
      code: Type.String({ minLength: 1, maxLength: 64 }),
      versionId: Type.String({ pattern: '^[0-9]{1,19}$' }),
    },
    { additionalProperties: false },
  ),
])
export type RuleChangeBody = Static<typeof RuleChangeBody>

export const ClockOutcome = Type.Object({
  deadlineDate: Nullable(Type.String()),
  warningFrom: Nullable(Type.String()),
  yellowFrom: Nullable(Type.String()),
  redFrom: Nullable(Type.String()),
  level: Nullable(Level),
  nextTransitionAt: Nullable(Type.String()),
  overdueCards: Type.Boolean(),
})

/** One case the change moves (no personal data: case number and department only). */
export const CaseMove = Type.Object({
  caseNo: Type.String(),
  departmentCode: Type.String(),
  before: ClockOutcome,
  after: ClockOutcome,
  moved: Type.Boolean(),
  levelChanged: Type.Boolean(),
})
export type CaseMove = Static<typeof CaseMove>

export const WhatIfSummary = Type.Object({
  scanned: Type.Integer(),
  moved: Type.Integer(),
  levelChanged: Type.Integer(),
  transitions: Type.Record(Type.String(), Type.Integer()),
  cards: Type.Object({ yellowIssued: Type.Integer(), redIssued: Type.Integer(), revoked: Type.Integer() }),
  unresolved: Type.Integer(),
  byDepartment: Type.Array(Type.Object({
    departmentCode: Type.String(), moved: Type.Integer(), levelChanged: Type.Integer(),
    yellowIssued: Type.Integer(), redIssued: Type.Integer(), revoked: Type.Integer(),
  })),
})
export type WhatIfSummary = Static<typeof WhatIfSummary>

/** `POST /api/v1/rules/preview` body. */
export const PreviewBody = Type.Object({ change: RuleChangeBody, limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) }, { additionalProperties: false })

/** `POST /api/v1/rules/preview` answer. */
export const PreviewResponse = Type.Object({
  jurisdictionCode: Type.String(),
  /** The instant levels were evaluated at. */
  at: Type.String(),
  /** The latest saved change (send it back as `baseChangeId` when saving). */
  baseChangeId: Nullable(Type.String()),
  summary: WhatIfSummary,
  /** The first moved cases, by case number. */
  cases: Type.Array(CaseMove),
  elapsedMs: Type.Number(),
})
export type PreviewResponse = Static<typeof PreviewResponse>

/** `POST /api/v1/rules/changes` body. */
export const SaveBody = Type.Object(
  {
    change: RuleChangeBody,
    reason: Type.String({ minLength: 2, maxLength: 500 }),
    /** The latest change the preview was based on; another one saved since → 409. */
    baseChangeId: Nullable(Type.String({ pattern: '^[0-9]{1,19}$' })),
  },
  { additionalProperties: false },
)
export type SaveBody = Static<typeof SaveBody>

export const RuleChangeRecord = Type.Object({
  id: Type.String(),
  jurisdictionCode: Type.String(),
  change: RuleChangeBody,
  inverse: RuleChangeBody,
  reason: Type.String(),
  requestedBy: Type.String(),
  at: Type.String(),
  summary: WhatIfSummary,
  recomputeId: Nullable(Type.String()),
  undoes: Nullable(Type.String()),
  undoneBy: Nullable(Type.String()),
})
export type RuleChangeRecord = Static<typeof RuleChangeRecord>

/** `POST /api/v1/rules/changes` and `…/undo` answer: the saved record, its preview's cases, the recompute. */
export const SaveResponse = Type.Object({
  change: RuleChangeRecord,
  cases: Type.Array(CaseMove),
  recompute: Type.Object({ scanned: Type.Integer(), moved: Type.Integer(), levelChanges: Type.Integer(), cardsIssued: Type.Integer(), cardsRevoked: Type.Integer() }),
  recomputeQueued: Type.Boolean(),
})
export type SaveResponse = Static<typeof SaveResponse>

/** A 409's detail: the change saved meanwhile by someone else. */
export const ConflictDetail = Type.Object({ latest: Nullable(RuleChangeRecord) })
