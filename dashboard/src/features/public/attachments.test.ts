import { describe, expect, it } from 'vitest'
import { pickable, toBase64 } from './attachments.ts'

const file = (name: string, type: string, size: number) => new File([new Uint8Array(size)], name, { type })

describe('complaint images in the page', () => {
  it('takes up to three JPEG, PNG or WebP images of at most 5 MB', () => {
    expect(pickable([], [file('a.jpg', 'image/jpeg', 10), file('b.png', 'image/png', 10)])).toEqual({ ok: [expect.any(File), expect.any(File)] })
    expect(pickable([{ file: file('a.jpg', 'image/jpeg', 1) }, { file: file('b.jpg', 'image/jpeg', 1) }], [file('c.webp', 'image/webp', 1), file('d.png', 'image/png', 1)])).toEqual({ reason: 'tooMany' })
    expect(pickable([], [file('x.svg', 'image/svg+xml', 10)])).toEqual({ reason: 'wrongType', name: 'x.svg' })
    expect(pickable([], [file('page.png', 'text/html', 10)])).toEqual({ reason: 'wrongType', name: 'page.png' })
    expect(pickable([], [file('big.jpg', 'image/jpeg', 5 * 1024 * 1024 + 1)])).toEqual({ reason: 'tooLarge', name: 'big.jpg' })
  })

  it('encodes large files to base64 without overflowing the stack', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 256)
    const back = Uint8Array.from(atob(toBase64(bytes)), (c) => c.charCodeAt(0))
    expect(Array.from(back)).toEqual(Array.from(bytes))
    expect(toBase64(Uint8Array.from([0xff, 0xd8, 0xff]))).toBe('/9j/')
  })
})
