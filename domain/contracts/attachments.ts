/** What a complaint may carry as attachments: images only, checked by their bytes (magic numbers), not their name. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number]
/** At most this many images per complaint. */
export const MAX_ATTACHMENTS = 3
/** At most this many bytes per image (5 MB). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
