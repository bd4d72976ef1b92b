/**
 * The images a citizen adds to a complaint, before sending: checked in the page for count, size
 * and declared type (the server checks again, by the bytes), previewed through object URLs, and
 * sent as base64 in the JSON body (PublicComplaintAttachment).
 */
import type { PublicComplaintAttachment } from '../../../../domain/contracts/api/public.ts'
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../../../domain/contracts/attachments.ts'

export interface PickedImage {
  file: File
  /** An object URL for the preview (revoke it when the image is removed). */
  preview: string
}

export type PickRefusal = { reason: 'tooMany' } | { reason: 'tooLarge' | 'wrongType'; name: string }

/**
 * The files that may join `current`, or the first reason one may not (nothing is added then).
 * @example pickable([], [pngFile]) // { ok: [pngFile] }
 */
export function pickable(current: readonly { file: File }[], files: readonly File[]): { ok: File[] } | PickRefusal {
  if (current.length + files.length > MAX_ATTACHMENTS) return { reason: 'tooMany' }
  for (const f of files) {
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(f.type)) return { reason: 'wrongType', name: f.name }
    if (f.size > MAX_ATTACHMENT_BYTES) return { reason: 'tooLarge', name: f.name }
  }
  return { ok: [...files] }
}

/** Base64 of bytes, in slices (String.fromCharCode on megabytes at once overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** The request's attachments for the picked images. */
export async function toAttachments(images: readonly PickedImage[]): Promise<PublicComplaintAttachment[]> {
  return Promise.all(images.map(async (img) => ({ contentType: img.file.type, data: toBase64(new Uint8Array(await img.file.arrayBuffer())) })))
}
