import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import { explainDeadline } from './explainDeadline.ts'
import { limitRuleSentence, RULE_LOCALES, thresholdSentence, type ThresholdBasis } from './ruleSentences.ts'
import type { DeadlineExplanation } from './types.ts'

const CJK = /[\u4e00-\u9fff]/
const bases: ThresholdBasis[] = [
  { kind: 'warningOffset', offset: 0 },
  { kind: 'warningOffset', offset: -2 },
  { kind: 'warningShare', share: 0.9 },
  { kind: 'afterDeadline', days: 1 },
  { kind: 'afterDeadline', days: 5 },
]

describe('rule sentences', () => {
  it('every limit rule exists in Chinese and in English (and English has no Chinese in it)', () => {
    for (const [limit, unit] of [[0, 'workday'], [1, 'workday'], [20, 'workday'], [60, 'day']] as const) {
      const zh = limitRuleSentence(limit, unit, 'zh-CN')
      const en = limitRuleSentence(limit, unit, 'en')
      expect(zh, `${limit} ${unit}`).toMatch(CJK)
      expect(en, `${limit} ${unit}`).not.toMatch(CJK)
      expect(zh).not.toBe(en)
    }
    expect(limitRuleSentence(0, 'workday', 'zh-CN')).toContain('即办件')
    expect(limitRuleSentence(0, 'workday', 'zh-CN')).toContain('受理当日 24:00')
  })
  it('every threshold rule exists in Chinese and in English', () => {
    for (const basis of bases) {
      for (const level of ['warning', 'yellow', 'red'] as const) {
        const zh = thresholdSentence(level, basis, 10, 'zh-CN')
        const en = thresholdSentence(level, basis, 10, 'en')
        expect(zh, JSON.stringify(basis)).toMatch(CJK)
        expect(en, JSON.stringify(basis)).not.toMatch(CJK)
      }
    }
    expect(thresholdSentence('red', { kind: 'afterDeadline', days: 5 }, 10, 'zh-CN')).toBe('截止日后第 5 个工作日 00:00 起红牌')
  })
  it("an explanation's English sentences are the ones rendered from its structured basis, so each page language can render it", () => {
    const cal = cnWorkCalendar()
    for (const input of [
      { accepted: '2025-09-26', limit: 3, unit: 'workday' as const },
      { accepted: '2025-09-26', limit: 0, unit: 'workday' as const },
      { accepted: '2025-09-26', limit: 60, unit: 'day' as const },
      { accepted: '2025-09-26', limit: 10, unit: 'workday' as const, scheme: { warning: { share: 0.8 }, yellow: 2, red: 6 } },
    ]) {
      const x = explainDeadline(input, cal) as DeadlineExplanation
      expect(x.rule).toBe(limitRuleSentence(x.limit, x.unit, 'en'))
      expect(x.thresholds.length).toBeGreaterThan(0)
      for (const th of x.thresholds) {
        expect(th.basis, th.rule).toBeDefined()
        expect(th.rule).toBe(thresholdSentence(th.level, th.basis!, x.limit, 'en'))
        for (const locale of RULE_LOCALES) expect(thresholdSentence(th.level, th.basis!, x.limit, locale).length).toBeGreaterThan(5)
      }
    }
  })
})
