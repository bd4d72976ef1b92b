/**
 * Attachment images of a petition filed on the public site, as staff see them
 * (`GET /api/v1/petitions/:petitionNo/attachments`; the image itself at `url`). Never on the
 * public site or in its API.
 */
import Type, { type Static } from 'typebox'
import { ATTACHMENT_TYPES } from './public.ts'

export const PetitionAttachment = Type.Object({
  /** 1, 2 or 3, in the order the citizen attached them. */
  n: Type.Integer({ minimum: 1 }),
  contentType: Type.Enum(ATTACHMENT_TYPES),
  byteSize: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String(),
  /** Where staff fetch the image (same origin, their session). */
  url: Type.String(),
})
export type PetitionAttachment = Static<typeof PetitionAttachment>

export const PetitionAttachmentList = Type.Object({ items: Type.Array(PetitionAttachment) })
export type PetitionAttachmentList = Static<typeof PetitionAttachmentList>
