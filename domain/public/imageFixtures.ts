/**
 * Small image files for tests of the complaint attachments: a real 1×1 PNG, and JPEG / WebP
 * containers with the metadata a phone writes (EXIF with GPS position and orientation, XMP, a
 * comment) around placeholder image data — enough for the byte checks and the metadata removal.
 */

const bytes = (...parts: (string | number[] | Uint8Array)[]) => {
  const chunks = parts.map((p) => (typeof p === 'string' ? Uint8Array.from(p.split('').map((c) => c.charCodeAt(0))) : Uint8Array.from(p)))
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

/** A valid 1×1 PNG (one red pixel), no metadata. */
export const PNG_1X1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGM4o6QEAALOARFa6phZAAAAAElFTkSuQmCC')
    .split('')
    .map((c) => c.charCodeAt(0)),
)
/** The same PNG with a GPS text in a tEXt chunk (before IDAT) and `<html>` after IEND. */
export function pngWithMetadata(): Uint8Array {
  const ihdrEnd = 8 + 25
  const text = bytes([0, 0, 0, 7 + GPS_MARKER.length], 'tEXt', 'Author\0', GPS_MARKER, [0, 0, 0, 0])
  return bytes(PNG_1X1.subarray(0, ihdrEnd), text, PNG_1X1.subarray(ihdrEnd), '<html><script>alert(1)</script></html>')
}

/** The position a phone would record: must be gone after stripping. */
export const GPS_MARKER = 'GPS-31.2304N-121.4737E'

/** An EXIF APP1 segment (little-endian TIFF): Orientation = `orientation`, then a GPS text marker. */
function exifSegment(orientation: number): Uint8Array {
  const tiff = bytes('II', [0x2a, 0, 8, 0, 0, 0], [1, 0], [0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0], [0, 0, 0, 0], GPS_MARKER)
  const payload = bytes('Exif\0\0', tiff)
  const len = payload.length + 2
  return bytes([0xff, 0xe1, len >> 8, len & 0xff], payload)
}

const segment = (marker: number, content: string | number[]) => {
  const c = bytes(content)
  const len = c.length + 2
  return bytes([0xff, marker, len >> 8, len & 0xff], c)
}

/** A JPEG container: SOI, JFIF, EXIF (orientation 6, GPS), XMP, a comment, a table, a scan, EOI. */
export function jpegWithExif(orientation = 6): Uint8Array {
  return bytes(
    [0xff, 0xd8],
    segment(0xe0, 'JFIF\0\x01\x01\0\0\x01\0\x01\0\0'),
    exifSegment(orientation),
    segment(0xe1, `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${GPS_MARKER}</x:xmpmeta>`),
    segment(0xfe, `Owner ${GPS_MARKER}`),
    segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9],
  )
}

/** A WebP container (VP8X with the EXIF and XMP flags, VP8L data, EXIF and XMP chunks). */
export function webpWithExif(): Uint8Array {
  const chunk = (fourcc: string, data: Uint8Array) => bytes(fourcc, [data.length & 0xff, (data.length >> 8) & 0xff, 0, 0], data, data.length % 2 ? [0] : [])
  const body = bytes(
    chunk('VP8X', bytes([0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
    chunk('VP8L', bytes([0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0])),
    chunk('EXIF', bytes(GPS_MARKER)),
    chunk('XMP ', bytes(`<x:xmpmeta>${GPS_MARKER}</x:xmpmeta>`)),
  )
  const size = body.length + 4
  return bytes('RIFF', [size & 0xff, (size >> 8) & 0xff, 0, 0], 'WEBP', body)
}

/** Whether `needle` (ASCII) occurs in `b`. */
export const containsText = (b: Uint8Array, needle: string) => new TextDecoder('latin1').decode(b).includes(needle)
