import { describe, expect, it } from 'vitest'
import { clockText, dateText } from './siteTime.ts'

// instants around the site's midnight (16:00 UTC), month and year ends, a leap day, every hour of a day
const instants = [
  '2026-12-06T15:59:59.999Z', '2026-12-06T16:00:00.000Z', '2026-12-31T16:00:00Z', '2026-12-31T15:59:00Z', '2028-02-28T16:30:00Z', '2026-06-30T23:59:00Z',
  ...Array.from({ length: 24 }, (_, h) => `2026-03-08T${String(h).padStart(2, '0')}:${String((h * 7) % 60).padStart(2, '0')}:00Z`),
]

describe("the site's dates without Intl", () => {
  it("gives Intl's Chinese date and 24-hour clock in Asia/Shanghai for every instant", () => {
    for (const iso of instants) {
      const d = new Date(iso)
      expect(dateText(iso, 'zh-CN'), iso).toBe(d.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium' }))
      expect(clockText(iso), iso).toBe(d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }))
    }
    expect(dateText('2026-12-06T16:00:00Z', 'zh-CN')).toBe('2026年12月7日')
    expect(clockText('2026-12-06T16:05:00Z')).toBe('00:05')
  })

  it('keeps English wording in English', () => {
    expect(dateText('2026-12-06T16:00:00Z', 'en')).toBe('7 Dec 2026')
  })
})
