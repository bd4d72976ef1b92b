/**
 * Request and response schemas of the approval module API (server/routes/window.ts). Field limits
 * match the event bodies of domain/events/schema.ts, so a request that passes here makes a valid event.
 */
import Type from 'typebox'
import { PROCEDURE_KINDS, STAGES } from '../../domain/events/schema.ts'
import { WINDOW_ACTIONS, type WindowActionName } from '../../domain/window/types.ts'

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max })
const Free = (max: number) => Type.String({ maxLength: max })

export const ApplicantInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    idNumber: Type.Optional(Type.String({ maxLength: 40 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
  },
  { additionalProperties: false },
)

/** Fields every action takes: who handled it (default: the user's display name) and for which department. */
const Common = {
  handler: Type.Optional(Text(100)),
  departmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "The department acting (default: your own, when it has a part in the case)" })),
}

export const RegisterBody = Type.Object(
  {
    itemCode: Text(64),
    applicant: ApplicantInput,
    channel: Type.Optional(Type.Enum(['window', 'online'] as const, { default: 'window' })),
    submittedAt: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'For an online application: when it was submitted (ISO-8601 with offset; default now)' })),
  },
  { additionalProperties: false },
)

/** The body of each action route, by action. */
export const ACTION_BODIES = {
  accept: Type.Object(
    { ...Common, applicant: Type.Optional(ApplicantInput), jointDepartments: Type.Optional(Type.Array(Text(64), { maxItems: 49, description: 'Joint case (联办件): the other departments that each complete a part' })) },
    { additionalProperties: false },
  ),
  return: Type.Object({ ...Common, reason: Free(2000) }, { additionalProperties: false }),
  requestSupplement: Type.Object({ ...Common, materials: Type.Array(Free(500), { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
  supplySupplement: Type.Object({ ...Common, materials: Type.Optional(Type.Array(Free(500), { maxItems: 100 })) }, { additionalProperties: false }),
  advance: Type.Object(
    { ...Common, stage: Type.Enum(STAGES), opinion: Type.Optional(Free(2000)), decision: Type.Optional(Type.Enum(['approve', 'deny'] as const)) },
    { additionalProperties: false },
  ),
  suspend: Type.Object(
    { ...Common, procedure: Type.Enum(PROCEDURE_KINDS), expectedDays: Type.Integer({ minimum: 1, maximum: 3650 }), approver: Type.Optional(Text(100)), reason: Type.Optional(Free(2000)) },
    { additionalProperties: false },
  ),
  resume: Type.Object({ ...Common }, { additionalProperties: false }),
  chargeFee: Type.Object({ ...Common, amount: Type.Number({ minimum: 0, maximum: 1e9 }) }, { additionalProperties: false }),
  conclude: Type.Object(
    { ...Common, result: Type.Enum(['approved', 'denied'] as const), certificateNo: Type.Optional(Free(100)), reason: Type.Optional(Free(2000)) },
    { additionalProperties: false },
  ),
} satisfies Record<WindowActionName, unknown>

/** URL segment of each action: POST /api/v1/window/cases/:caseNo/<segment> (the contract's list). */
export { ACTION_PATHS } from '../../domain/contracts/windowActions.ts'

export const ACTION_SUMMARIES: Record<WindowActionName, string> = {
  accept: 'Accept the case (受理): the clock starts; optionally name joint departments',
  return: 'Return the case (退件/不予受理) with a reason',
  requestSupplement: 'Request a supplement (补正告知): one complete list of materials',
  supplySupplement: 'Record that the materials were supplied (补齐)',
  advance: 'Record the next stage (承办 → 审核 → 批准) with handler and opinion; the approved stage with its decision',
  suspend: 'Start a special procedure (特别程序: hearing, inspection, testing, appraisal, expert review…)',
  resume: 'End the special procedure',
  chargeFee: 'Record the fee charged (收费)',
  conclude: 'Conclude (办结) with result and certificate number (for a joint case: this department’s part)',
}

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])

export const ActionResponse = Type.Object({
  caseNo: Type.String(),
  eventId: Type.String(),
  kind: Type.String(),
  departmentCode: Type.String(),
  occurredAt: Type.String(),
  status: Type.String(),
  actions: Type.Array(Type.Enum(WINDOW_ACTIONS)),
  nextStage: Nullable(Type.String()),
  projectionQueued: Type.Boolean(),
})

const LimitOut = Nullable(Type.Object({ value: Type.Integer(), unit: Type.String() }))

export const ItemSchema = Type.Object({
  code: Type.String(),
  departmentCode: Type.String(),
  departmentName: Type.String(),
  name: Type.String(),
  caseType: Type.String(),
  legalLimit: LimitOut,
  promisedLimit: LimitOut,
  feeStandard: Type.Number(),
  stageSet: Type.Array(Type.String()),
  specialProcedure: Type.Boolean(),
  supplementMode: Type.String(),
})

const DaysSchema = Type.Object({
  limit: Nullable(Type.Integer()),
  unit: Nullable(Type.String()),
  used: Nullable(Type.Integer()),
  left: Nullable(Type.Integer()),
  stopped: Type.Boolean(),
})

export const WindowCaseResponse = Type.Object({
  caseNo: Type.String(),
  clock: Type.Object(
    {
      status: Type.String(),
      level: Type.String(),
      deadlineDate: Nullable(Type.String()),
      legalDeadlineDate: Nullable(Type.String()),
      provisional: Type.Boolean(),
      stop: Nullable(Type.Object({ reason: Type.String(), since: Type.String(), expectedEnd: Nullable(Type.String()), overrun: Nullable(Type.Boolean()) })),
      days: DaysSchema,
    },
    { description: 'The clock of the case now, from the engine (caseClock over the events folded now)' },
  ),
  departmentCode: Type.String({ description: 'The department you act for on this case' }),
  leadDepartmentCode: Type.String(),
  status: Type.String(),
  item: Nullable(ItemSchema),
  actions: Type.Array(Type.Enum(WINDOW_ACTIONS)),
  nextStage: Nullable(Type.String()),
  jointParts: Type.Array(Type.Object({ departmentCode: Type.String(), reached: Type.String(), concluded: Type.Boolean() })),
  state: Type.Unknown({ description: 'The case folded from its events now (applicant masked)' }),
})

export const WindowCaseList = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      caseNo: Type.String(),
      departmentCode: Type.String(),
      itemCode: Nullable(Type.String()),
      itemName: Nullable(Type.String()),
      caseType: Nullable(Type.String()),
      status: Type.String(),
      level: Type.String(),
      applicant: Nullable(Type.Object({ name: Type.String(), idNumber: Type.Optional(Type.String()), phone: Type.Optional(Type.String()) })),
      submittedAt: Nullable(Type.String()),
      acceptedAt: Nullable(Type.String()),
      concludedAt: Nullable(Type.String()),
      returnedAt: Nullable(Type.String()),
      deadlineDate: Nullable(Type.String()),
      suspended: Type.Boolean(),
      jointDepartments: Type.Array(Type.String()),
      days: DaysSchema,
    }),
  ),
})
