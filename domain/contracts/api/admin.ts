/**
 * Shapes of the administration API (server/routes/admin-*.ts) as TypeBox schemas: the server
 * validates and documents with them, the dashboard (features/admin/) imports their types only.
 */
import Type, { type Static } from 'typebox'
import { CASE_TYPES } from '../caseTypes.ts'
import { CaseMove, WhatIfSummary } from './ruleChanges.ts'

// null first: with ajv type coercion on, a null tried against a string schema first would become ''
const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])

export const DEPARTMENT_KINDS = ['agency', 'town', 'street', 'centre', 'other'] as const
export { CASE_TYPES }
export const LIMIT_UNITS = ['workday', 'day'] as const

export const DepartmentCode = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })
export const ItemCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })

export const Jurisdiction = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentCode: Nullable(Type.String()),
})
export type Jurisdiction = Static<typeof Jurisdiction>

export const AdminDepartment = Type.Object({
  code: Type.String(),
  jurisdictionCode: Type.String(),
  parentCode: Nullable(Type.String()),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  kind: Type.Enum(DEPARTMENT_KINDS),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
  itemCount: Type.Integer(),
  userCount: Type.Integer(),
})
export type AdminDepartment = Static<typeof AdminDepartment>

export const DepartmentCreate = Type.Object(
  {
    code: DepartmentCode,
    jurisdictionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    parentCode: Type.Optional(Nullable(DepartmentCode)),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    shortName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    kind: Type.Optional(Type.Enum(DEPARTMENT_KINDS)),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
)
export type DepartmentCreate = Static<typeof DepartmentCreate>

export const DepartmentPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    shortName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type DepartmentPatch = Static<typeof DepartmentPatch>

/** One item of the catalogue (事项目录) as the administrator edits it. */
export const AdminItem = Type.Object({
  code: Type.String(),
  name: Type.String(),
  departmentCode: Type.String(),
  caseType: Type.Enum(CASE_TYPES),
  legalLimit: Nullable(Type.Integer()),
  legalUnit: Type.Enum(LIMIT_UNITS),
  promisedLimit: Nullable(Type.Integer()),
  promisedUnit: Type.Enum(LIMIT_UNITS),
  feeStandard: Type.Number(),
  active: Type.Boolean(),
})
export type AdminItem = Static<typeof AdminItem>

export const ItemPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    departmentCode: Type.Optional(DepartmentCode),
    caseType: Type.Optional(Type.Enum(CASE_TYPES)),
    legalLimit: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
    legalUnit: Type.Optional(Type.Enum(LIMIT_UNITS)),
    promisedLimit: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
    promisedUnit: Type.Optional(Type.Enum(LIMIT_UNITS)),
    feeStandard: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ItemPatch = Static<typeof ItemPatch>

/** An XLSX workbook, base64-encoded (at most ~3 MB of file). */
export const XlsxUpload = Type.Object({ file: Type.String({ minLength: 4, maxLength: 4_200_000 }) }, { additionalProperties: false })
export type XlsxUpload = Static<typeof XlsxUpload>

/**
 * An item catalogue XLSX to import. `acceptedFrom` (a local date): changed limits apply only to the
 * cases accepted on or after it — each becomes a version of the item's limits (migration 320) and
 * the catalogue keeps its limits for the cases before; absent: the limits change for every case,
 * as before.
 */
export const ItemImportUpload = Type.Object(
  { file: Type.String({ minLength: 4, maxLength: 4_200_000 }), acceptedFrom: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
  { additionalProperties: false },
)
export type ItemImportUpload = Static<typeof ItemImportUpload>

/** One problem of an imported row: the sheet's row number (1 = header), the column, the reason. */
export const ImportRowError = Type.Object({ row: Type.Integer(), column: Type.String(), reason: Type.String(), reasonEn: Type.String() })
export type ImportRowError = Static<typeof ImportRowError>

/** What an import would do (preview) or did (applied). Nothing is saved when `errors` is not empty. */
const FieldValue = Type.Union([Type.Null(), Type.String(), Type.Number(), Type.Boolean()])
/** One field an import would change on an existing item (the first 500 of them). */
export const ItemFieldChange = Type.Object({ code: Type.String(), field: Type.String(), before: FieldValue, after: FieldValue })
export type ItemFieldChange = Static<typeof ItemFieldChange>

export const ItemImportReport = Type.Object({
  applied: Type.Boolean(),
  rows: Type.Integer(),
  created: Type.Array(Type.String()),
  updated: Type.Array(Type.String()),
  unchanged: Type.Integer(),
  changes: Type.Array(ItemFieldChange),
  errors: Type.Array(ImportRowError),
  /**
   * With `acceptedFrom` and changed limits: what they do to the open cases of the changed items at
   * `at` — the preview names the cases that would move; the import's answer, the ones it moved (its
   * clocks are recomputed in the import's transaction). First 50 cases.
   */
  clocks: Type.Optional(Type.Object({ at: Type.String(), summary: WhatIfSummary, cases: Type.Array(CaseMove) })),
})
export type ItemImportReport = Static<typeof ItemImportReport>

/** A source system's API key as listed (never its secret). */
export const SourceKeyView = Type.Object({
  id: Type.String(),
  source: Type.String(),
  departments: Nullable(Type.Array(Type.String())),
  description: Nullable(Type.String()),
  createdAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  rotatedFrom: Nullable(Type.String()),
  /** `active`, `grace` (rotated, still valid until expiresAt), `expired` or `revoked`. */
  state: Type.Union([Type.Literal('active'), Type.Literal('grace'), Type.Literal('expired'), Type.Literal('revoked')]),
})
export type SourceKeyView = Static<typeof SourceKeyView>

export const SourceKeyCreate = Type.Object(
  {
    source: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
    departments: Type.Optional(Nullable(Type.Array(DepartmentCode, { minItems: 1, maxItems: 500 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
)
export type SourceKeyCreate = Static<typeof SourceKeyCreate>

/** A new key: the secret `key` is shown this once. */
export const SourceKeyIssued = Type.Object({ key: Type.String(), view: SourceKeyView, previous: Nullable(SourceKeyView) })
export type SourceKeyIssued = Static<typeof SourceKeyIssued>

export const QueueCounts = Type.Object({
  name: Type.String(),
  waiting: Type.Integer(),
  active: Type.Integer(),
  delayed: Type.Integer(),
  failed: Type.Integer(),
  completed: Type.Integer(),
  prioritized: Type.Integer(),
})
export const QueueStatus = Type.Object({ redis: Type.String(), queues: Type.Array(QueueCounts) })
export type QueueStatus = Static<typeof QueueStatus>
