/**
 * Attachment images of a complaint filed on the public site: checked before anything is stored
 * (count, declared type, the bytes' magic number, size, a structure that parses), cleaned of
 * metadata (EXIF/GPS: domain/public/imageAttachment.ts), then written in the complaint's own
 * transaction (table complaint_attachments, migration 260) — a refused complaint keeps none.
 */
import { createHash } from 'node:crypto'
import type pg from 'pg'
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, type AttachmentType, type PublicComplaintAttachment } from '../../domain/contracts/api/public.ts'
import { sniffImage, stripImageMetadata } from '../../domain/public/imageAttachment.ts'
import { sql } from '../../sql/queries.ts'
import { AppError } from '../errors.ts'

export interface CheckedAttachment {
  contentType: AttachmentType
  data: Buffer
  sha256: string
}

/** The body limit of the filing route: the largest allowed attachments in base64, and the form. */
export const COMPLAINT_BODY_LIMIT = MAX_ATTACHMENTS * Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 64 * 1024

const isAttachmentType = (t: string): t is AttachmentType => (ATTACHMENT_TYPES as readonly string[]).includes(t)

/** One attachment checked and cleaned; throws ATTACHMENT_TOO_LARGE or ATTACHMENT_TYPE (detail: which one). */
function checkOne(a: PublicComplaintAttachment, n: number): CheckedAttachment {
  const declared = a.contentType.split(';', 1)[0]!.trim().toLowerCase()
  // base64 length bounds the size before decoding anything
  if (Math.floor((a.data.length * 3) / 4) - (a.data.endsWith('==') ? 2 : a.data.endsWith('=') ? 1 : 0) > MAX_ATTACHMENT_BYTES) {
    throw new AppError('ATTACHMENT_TOO_LARGE', `attachments/${n}`)
  }
  if (!isAttachmentType(declared)) throw new AppError('ATTACHMENT_TYPE', `attachments/${n}: ${declared.slice(0, 40)}`)
  const raw = Buffer.from(a.data, 'base64')
  if (raw.length > MAX_ATTACHMENT_BYTES) throw new AppError('ATTACHMENT_TOO_LARGE', `attachments/${n}`)
  const sniffed = sniffImage(raw)
  if (sniffed !== declared) throw new AppError('ATTACHMENT_TYPE', `attachments/${n}: the content is ${sniffed ?? 'not an accepted image'}`)
  const clean = stripImageMetadata(raw, sniffed)
  if (!clean || clean.length === 0) throw new AppError('ATTACHMENT_TYPE', `attachments/${n}: not a well-formed ${sniffed}`)
  const data = Buffer.from(clean.buffer, clean.byteOffset, clean.length)
  return { contentType: sniffed, data, sha256: createHash('sha256').update(data).digest('hex') }
}

/** Every attachment of a filing checked and cleaned, or the first refusal (nothing stored yet). */
export function checkAttachments(list: readonly PublicComplaintAttachment[] | undefined): CheckedAttachment[] {
  if (!list || list.length === 0) return []
  if (list.length > MAX_ATTACHMENTS) throw new AppError('TOO_MANY_ATTACHMENTS', `${list.length} > ${MAX_ATTACHMENTS}`)
  return list.map((a, i) => checkOne(a, i))
}

/** Writes the checked attachments of `petitionNo` in the caller's transaction (numbered from 1). */
export async function storeAttachments(client: pg.PoolClient, petitionNo: string, list: readonly CheckedAttachment[]): Promise<void> {
  for (const [i, a] of list.entries()) await client.query(sql('complaint_attachment_insert'), [petitionNo, i + 1, a.contentType, a.sha256, a.data])
}
