import { describe, expect, it } from 'vitest'
import { sniffImage, stripImageMetadata } from './imageAttachment.ts'
import { containsText, GPS_MARKER, jpegWithExif, PNG_1X1, pngWithMetadata, webpWithExif } from './imageFixtures.ts'

const text = (s: string) => new TextEncoder().encode(s)

describe('sniffImage: the type by the bytes, not the name', () => {
  it('knows JPEG, PNG and WebP by their magic numbers', () => {
    expect(sniffImage(jpegWithExif())).toBe('image/jpeg')
    expect(sniffImage(PNG_1X1)).toBe('image/png')
    expect(sniffImage(webpWithExif())).toBe('image/webp')
  })

  it('refuses SVG, HTML, GIF, PDF and empty or truncated files', () => {
    for (const s of ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', '<!DOCTYPE html><html><body>x</body></html>', 'GIF89a\x01\x00\x01\x00', '%PDF-1.7', '', 'RIFF\0\0\0\0AVI ']) {
      expect(sniffImage(text(s)), s).toBeNull()
    }
    expect(sniffImage(Uint8Array.from([0xff, 0xd8]))).toBeNull()
    expect(sniffImage(PNG_1X1.subarray(0, 7))).toBeNull()
  })
})

describe('stripImageMetadata', () => {
  it('drops EXIF (GPS), XMP and comments from a JPEG but keeps its orientation, JFIF, tables and scan', () => {
    const src = jpegWithExif(6)
    const out = stripImageMetadata(src, 'image/jpeg')!
    expect(containsText(src, GPS_MARKER)).toBe(true)
    expect(containsText(out, GPS_MARKER)).toBe(false)
    expect(containsText(out, 'JFIF')).toBe(true)
    expect(sniffImage(out)).toBe('image/jpeg')
    // SOI, APP0, then a minimal EXIF with Orientation 6 only
    expect([out[0], out[1], out[2], out[3]]).toEqual([0xff, 0xd8, 0xff, 0xe0])
    const app1 = out.indexOf(0xe1, 4) - 1
    expect(out[app1]).toBe(0xff)
    expect(containsText(out.subarray(app1, app1 + 40), 'Exif')).toBe(true)
    expect(out[app1 + 4 + 6 + 8 + 2 + 9]).toBe(6)
    // the scan is copied untouched to the end
    expect(Array.from(out.subarray(-8))).toEqual(Array.from(src.subarray(-8)))
    // orientation 1 (upright) needs no EXIF at all
    expect(containsText(stripImageMetadata(jpegWithExif(1), 'image/jpeg')!, 'Exif')).toBe(false)
  })

  it('drops text chunks and trailing bytes from a PNG, keeping the image chunks byte for byte', () => {
    const out = stripImageMetadata(pngWithMetadata(), 'image/png')!
    expect(Array.from(out)).toEqual(Array.from(PNG_1X1))
  })

  it('drops EXIF and XMP chunks from a WebP and clears their VP8X flags', () => {
    const src = webpWithExif()
    const out = stripImageMetadata(src, 'image/webp')!
    expect(containsText(out, GPS_MARKER)).toBe(false)
    expect(sniffImage(out)).toBe('image/webp')
    expect(out[20]! & 0x0c).toBe(0)
    const riffSize = out[4]! | (out[5]! << 8) | (out[6]! << 16)
    expect(riffSize).toBe(out.length - 8)
  })

  it('refuses broken structures (null: not stored)', () => {
    const jpeg = jpegWithExif()
    expect(stripImageMetadata(jpeg.subarray(0, 30), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff]), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(PNG_1X1.subarray(0, 40), 'image/png')).toBeNull()
    const webp = webpWithExif()
    expect(stripImageMetadata(webp.subarray(0, 30), 'image/webp')).toBeNull()
  })
})
