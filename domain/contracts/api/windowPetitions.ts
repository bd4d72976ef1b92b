/**
 * Petitions as the handling department sees them in the approval module (`/window/petitions`;
 * server/routes/window-petitions.ts): the petitions of its departments, one petition with its text,
 * its attachment images and the answer given, and answering it. The citizen is masked (department
 * staff may not unmask: domain/privacy/unmask.ts); the images are fetched one by one from the
 * staff-only attachment route, each view audited. The dashboard imports the `Static` types only.
 */
import Type, { type Static } from 'typebox'
import { PETITION_KINDS } from '../caseTypes.ts'
import { LEVELS } from '../levels.ts'
import { PetitionAttachment } from './attachments.ts'
import { ANSWER_MAX_LENGTH, SUBJECT_EXCERPT_LENGTH, WINDOW_PETITION_STATUSES, type WindowPetitionStatus } from '../petitionAnswers.ts'

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([Type.Null(), t])

export { WINDOW_PETITION_STATUSES, type WindowPetitionStatus }

export { ANSWER_MAX_LENGTH, SUBJECT_EXCERPT_LENGTH }

/** The citizen, always masked here (`张*三`, `138****5678`). */
export const MaskedCitizen = Nullable(Type.Object({ name: Type.String(), idNumber: Type.Optional(Type.String()), phone: Type.Optional(Type.String()) }))

/** `GET /api/v1/window/petitions?status=&kind=&limit=&offset=` — one row. */
export const WindowPetitionSummary = Type.Object({
  petitionNo: Type.String(),
  departmentCode: Type.String(),
  petitionKind: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  status: Type.Enum(WINDOW_PETITION_STATUSES),
  level: Type.Enum(LEVELS),
  citizen: MaskedCitizen,
  /** The first characters of the petition's text (masked like `subject`). */
  subjectExcerpt: Nullable(Type.String()),
  attachmentCount: Type.Integer({ minimum: 0 }),
  receivedAt: Nullable(Type.String()),
  repliedAt: Nullable(Type.String()),
  deadlineDate: Nullable(Type.String()),
})
export type WindowPetitionSummary = Static<typeof WindowPetitionSummary>

export const WindowPetitionList = Type.Object({ total: Type.Integer(), items: Type.Array(WindowPetitionSummary) })
export type WindowPetitionList = Static<typeof WindowPetitionList>

/** `GET /api/v1/window/petitions/:petitionNo` */
export const WindowPetition = Type.Object({
  petitionNo: Type.String(),
  departmentCode: Type.String(),
  departmentName: Nullable(Type.String()),
  petitionKind: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  status: Type.Enum(WINDOW_PETITION_STATUSES),
  level: Type.Enum(LEVELS),
  citizen: MaskedCitizen,
  /**
   * The petition's whole text (shown as text, never as HTML), with the citizen's name, ID number and
   * phone masked wherever they occur, and any other resident ID, phone or e-mail (domain/privacy/scrubPersonalData).
   */
  subject: Nullable(Type.String()),
  receivedAt: Nullable(Type.String()),
  deadlineDate: Nullable(Type.String()),
  /** The latest answer given (from its event: shown before the projection has run; masked like `subject`), with who and when. */
  answer: Nullable(Type.Object({ text: Type.String(), handler: Nullable(Type.String()), at: Type.String(), source: Type.String() })),
  /** Whether an answer may be given now (not answered, not closed). */
  mayAnswer: Type.Boolean(),
  attachments: Type.Array(PetitionAttachment),
})
export type WindowPetition = Static<typeof WindowPetition>

/** `POST /api/v1/window/petitions/:petitionNo/answer` */
export const WindowPetitionAnswerRequest = Type.Object(
  {
    answer: Type.String({ minLength: 1, maxLength: ANSWER_MAX_LENGTH, description: 'The answer to the citizen (答复意见); the citizen reads it with the tracking code, masked' }),
    handler: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Who answered (default: your display name)' })),
  },
  { additionalProperties: false },
)
export type WindowPetitionAnswerRequest = Static<typeof WindowPetitionAnswerRequest>

export const WindowPetitionAnswerResult = Type.Object({
  petitionNo: Type.String(),
  eventId: Type.String(),
  status: Type.Literal('replied'),
  repliedAt: Type.String(),
  projectionQueued: Type.Boolean(),
})
export type WindowPetitionAnswerResult = Static<typeof WindowPetitionAnswerResult>

export { PETITION_KINDS }
