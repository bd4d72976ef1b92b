/**
 * Attachment images of a citizen's complaint, checked by their bytes and cleaned of metadata
 * before they are stored. Pure (Uint8Array in, Uint8Array out), no native code:
 *
 * - `sniffImage`: the type by the file's magic number — JPEG (FF D8 FF), PNG (the 8-byte
 *   signature), WebP (RIFF....WEBP). Anything else (SVG, HTML, GIF, PDF, a script named .png) is
 *   null, whatever its name or declared type.
 * - `stripImageMetadata`: walks the container and drops what may carry personal data — in JPEG
 *   the APP1 (EXIF with GPS, XMP), APP3–APP13 and APP15 segments and comments (the orientation is
 *   kept in a minimal EXIF of its own, so a phone photo still shows upright); in PNG the eXIf,
 *   tEXt, zTXt, iTXt and tIME chunks and anything after IEND; in WebP the EXIF and XMP chunks
 *   (and their VP8X flags). A file whose structure does not parse is null: refused, not stored.
 *
 *   sniffImage(bytes) // 'image/jpeg'
 *   stripImageMetadata(bytes, 'image/jpeg') // the same picture, no EXIF/GPS
 */
import type { AttachmentType } from '../contracts/api/public.ts'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const ascii = (b: Uint8Array, at: number, text: string) => text.split('').every((ch, i) => b[at + i] === ch.charCodeAt(0))

/** The image type of `b` by its magic number, or null when it is none of the accepted ones. */
export function sniffImage(b: Uint8Array): AttachmentType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && PNG_SIGNATURE.every((x, i) => b[i] === x)) return 'image/png'
  if (b.length >= 12 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp'
  return null
}

/** `b` without its metadata (see the module's comment), or null when its structure is broken. */
export function stripImageMetadata(b: Uint8Array, type: AttachmentType): Uint8Array | null {
  if (type === 'image/jpeg') return stripJpeg(b)
  if (type === 'image/png') return stripPng(b)
  return stripWebp(b)
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!
const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0

/** JPEG segments kept: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform), and every non-APP segment. */
const keepJpegSegment = (marker: number) => marker === 0xe0 || marker === 0xe2 || marker === 0xee || ((marker < 0xe0 || marker > 0xef) && marker !== 0xfe)

function stripJpeg(b: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [b.subarray(0, 2)]
  let orientation: number | null = null
  let i = 2
  let afterApp0 = 1 // index in `parts` where the orientation EXIF goes (after SOI, or after APP0)
  for (;;) {
    if (i + 4 > b.length || b[i] !== 0xff) return null
    const marker = b[i + 1]!
    if (marker === 0xff) {
      i++ // fill byte
      continue
    }
    if (marker === 0xda || marker === 0xd9) {
      parts.push(b.subarray(i)) // the scans (entropy-coded data) to the end
      break
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(b.subarray(i, i + 2))
      i += 2
      continue
    }
    const end = i + 2 + u16be(b, i + 2)
    if (u16be(b, i + 2) < 2 || end > b.length) return null
    const segment = b.subarray(i, end)
    if (marker === 0xe1 && ascii(segment, 4, 'Exif\0\0')) orientation ??= exifOrientation(segment.subarray(10))
    if (keepJpegSegment(marker)) {
      parts.push(segment)
      if (marker === 0xe0 && parts.length === 2) afterApp0 = 2
    }
    i = end
  }
  if (orientation !== null && orientation >= 2 && orientation <= 8) parts.splice(afterApp0, 0, orientationExif(orientation))
  return concat(parts)
}

/** The Orientation tag (0x0112) of a TIFF structure (EXIF after its "Exif\0\0"), or null. */
function exifOrientation(t: Uint8Array): number | null {
  if (t.length < 8) return null
  const le = ascii(t, 0, 'II')
  if (!le && !ascii(t, 0, 'MM')) return null
  const u16 = (at: number) => (le ? t[at]! | (t[at + 1]! << 8) : u16be(t, at))
  const ifd = le ? u32le(t, 4) : u32be(t, 4)
  if (ifd + 2 > t.length) return null
  const n = u16(ifd)
  for (let k = 0; k < n; k++) {
    const e = ifd + 2 + k * 12
    if (e + 12 > t.length) return null
    if (u16(e) === 0x0112) return u16(e + 8)
  }
  return null
}

/** An APP1 segment holding a minimal EXIF: the Orientation tag only (big-endian TIFF, one IFD entry). */
function orientationExif(orientation: number): Uint8Array {
  const payload = [
    ...'Exif\0\0'.split('').map((c) => c.charCodeAt(0)),
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // "MM", 42, IFD0 at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT, 1, value
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]
  const length = payload.length + 2
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...payload])
}

const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME'])

function stripPng(b: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [b.subarray(0, 8)]
  let i = 8
  for (;;) {
    if (i + 12 > b.length) return null
    const end = i + 12 + u32be(b, i)
    if (end > b.length) return null
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!)
    if (!/^[A-Za-z]{4}$/.test(type)) return null
    if (!PNG_DROPPED.has(type)) parts.push(b.subarray(i, end))
    i = end
    if (type === 'IEND') break // anything after the image's end is dropped
  }
  return concat(parts)
}

const WEBP_DROPPED = new Set(['EXIF', 'XMP '])
/** VP8X flags: bit 3 EXIF present, bit 2 XMP present. */
const VP8X_METADATA_FLAGS = 0x08 | 0x04

function stripWebp(b: Uint8Array): Uint8Array | null {
  const declared = u32le(b, 4) + 8
  if (declared > b.length || declared < 12) return null
  const parts: Uint8Array[] = []
  let i = 12
  while (i < declared) {
    if (i + 8 > declared) return null
    const size = u32le(b, i + 4)
    const end = i + 8 + size + (size % 2)
    if (end > declared) return null
    const fourcc = String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!)
    if (fourcc === 'VP8X' && size >= 1) {
      const chunk = b.slice(i, end)
      chunk[8] = chunk[8]! & ~VP8X_METADATA_FLAGS
      parts.push(chunk)
    } else if (!WEBP_DROPPED.has(fourcc)) parts.push(b.subarray(i, end))
    i = end
  }
  if (parts.length === 0) return null
  const body = concat(parts)
  const size = body.length + 4
  const header = Uint8Array.from([0x52, 0x49, 0x46, 0x46, size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, (size >>> 24) & 0xff, 0x57, 0x45, 0x42, 0x50])
  return concat([header, body])
}
