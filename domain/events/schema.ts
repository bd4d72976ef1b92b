/**
 * Event schemas: the contract between source systems and the store.
 *
 * Every event carries an envelope (eventId, source, kind, occurredAt, caseNo or petitionNo,
 * departmentCode) and a kind-specific `body`. The schemas are plain JSON Schema (TypeBox), pure
 * data: the server validates with them, the XML converter coerces with them, the OpenAPI page
 * documents them.
 */
import Type, { type Static } from 'typebox'

const Str = (max = 200) => Type.String({ minLength: 1, maxLength: max })
const Handler = Type.Optional(Str(100))
const Limit = Type.Object(
  { value: Type.Integer({ minimum: 0, maximum: 3650 }), unit: Type.Union([Type.Literal('workday'), Type.Literal('day')]) },
  { additionalProperties: false },
)

import { CASE_TYPES, PETITION_KINDS } from '../contracts/caseTypes.ts'
export { CASE_TYPES, PETITION_KINDS, type CaseType, type PetitionKind } from '../contracts/caseTypes.ts'
export const PROCEDURE_KINDS = ['hearing', 'inspection', 'testing', 'appraisal', 'expertReview', 'other'] as const
export const STAGES = ['undertaken', 'reviewed', 'approved'] as const
export type Stage = (typeof STAGES)[number]

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)))

export const Applicant = Type.Object(
  {
    name: Str(100),
    idNumber: Type.Optional(Type.String({ maxLength: 40 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
  },
  { additionalProperties: false },
)
export type Applicant = Static<typeof Applicant>

/** Body schema per event kind. */
export const BODY_SCHEMAS = {
  submitted: Type.Object(
    { itemCode: Str(64), applicant: Type.Optional(Applicant), channel: Type.Optional(literals(['window', 'online'] as const)) },
    { additionalProperties: false },
  ),
  accepted: Type.Object(
    {
      itemCode: Str(64),
      caseType: literals(CASE_TYPES),
      applicant: Applicant,
      legalLimit: Type.Optional(Limit),
      promisedLimit: Type.Optional(Limit),
      handler: Handler,
      /** Joint cases (联办件): the departments that must each conclude their part. */
      jointDepartments: Type.Optional(Type.Array(Str(64), { maxItems: 50 })),
    },
    { additionalProperties: false },
  ),
  stage: Type.Object(
    {
      stage: literals(STAGES),
      handler: Str(100),
      opinion: Type.Optional(Type.String({ maxLength: 2000 })),
      decision: Type.Optional(literals(['approve', 'deny'] as const)),
      stageLimit: Type.Optional(Limit),
    },
    { additionalProperties: false },
  ),
  supplementRequested: Type.Object(
    { materials: Type.Array(Str(500), { minItems: 1, maxItems: 100 }), handler: Handler },
    { additionalProperties: false },
  ),
  supplementSupplied: Type.Object(
    { materials: Type.Optional(Type.Array(Str(500), { maxItems: 100 })), handler: Handler },
    { additionalProperties: false },
  ),
  suspended: Type.Object(
    {
      procedure: literals(PROCEDURE_KINDS),
      expectedDays: Type.Integer({ minimum: 1, maximum: 3650 }),
      approver: Str(100),
      reason: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
  resumed: Type.Object({ handler: Handler }, { additionalProperties: false }),
  feeCharged: Type.Object(
    { amount: Type.Number({ minimum: 0, maximum: 1e9 }), handler: Handler },
    { additionalProperties: false },
  ),
  returned: Type.Object(
    { reason: Type.Optional(Type.String({ maxLength: 2000 })), handler: Handler },
    { additionalProperties: false },
  ),
  concluded: Type.Object(
    {
      result: literals(['approved', 'denied'] as const),
      certificateNo: Type.Optional(Type.String({ maxLength: 100 })),
      fee: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
      reason: Type.Optional(Type.String({ maxLength: 2000 })),
      handler: Handler,
    },
    { additionalProperties: false },
  ),
  'petition.received': Type.Object(
    {
      petitionKind: literals(PETITION_KINDS),
      channel: Str(50),
      subject: Type.Optional(Type.String({ maxLength: 500 })),
      citizen: Type.Optional(Applicant),
    },
    { additionalProperties: false },
  ),
  'petition.assigned': Type.Object({ handler: Str(100), assignee: Type.Optional(Str(64)) }, { additionalProperties: false }),
  'petition.acknowledged': Type.Object({ handler: Handler }, { additionalProperties: false }),
  'petition.replied': Type.Object(
    { handler: Str(100), reply: Type.Optional(Type.String({ maxLength: 5000 })) },
    { additionalProperties: false },
  ),
  'petition.closed': Type.Object({ result: Type.Optional(Type.String({ maxLength: 2000 })), handler: Handler }, { additionalProperties: false }),
  'petition.rated': Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false }),
} as const

export type EventKind = keyof typeof BODY_SCHEMAS
export const EVENT_KINDS = Object.keys(BODY_SCHEMAS) as EventKind[]
export const CASE_EVENT_KINDS = EVENT_KINDS.filter((k) => !k.startsWith('petition.'))
export const isPetitionKind = (kind: EventKind): boolean => kind.startsWith('petition.')

export type EventBody<K extends EventKind> = Static<(typeof BODY_SCHEMAS)[K]>

/** The loose envelope, as a route schema: checked in full per event by `validateEvent`. */
export const EventInput = Type.Object({
  eventId: Type.String(),
  source: Type.Optional(Type.String()),
  kind: Type.String(),
  occurredAt: Type.String(),
  caseNo: Type.Optional(Type.String()),
  petitionNo: Type.Optional(Type.String()),
  departmentCode: Type.String(),
  body: Type.Optional(Type.Object({})),
})

export const EventEnvelope = Type.Object(
  {
    eventId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7E]+$' }),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    kind: Type.String({ minLength: 1, maxLength: 64 }),
    occurredAt: Type.String({ minLength: 10, maxLength: 40 }),
    caseNo: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$' })),
    petitionNo: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$' })),
    departmentCode: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
    body: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
)

/** A validated, normalised event, as stored. `occurredAt` is UTC ISO with milliseconds. */
export interface IngestEvent<K extends EventKind = EventKind> {
  eventId: string
  source: string
  kind: K
  occurredAt: string
  subject: 'case' | 'petition'
  /** caseNo or petitionNo */
  subjectNo: string
  departmentCode: string
  body: EventBody<K>
}

/** A stored event, as the fold reads it. `seq` orders ties (received order). */
export interface StoredEvent<K extends EventKind = EventKind> extends IngestEvent<K> {
  seq: number
  receivedAt: string
}
