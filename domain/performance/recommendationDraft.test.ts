import { describe, expect, it } from 'vitest'
import { recommendationDraft, RECOMMENDATION_TEMPLATE } from './recommendationDraft.ts'
import { scoreDepartment } from './scoreDepartment.ts'
import { DEFAULT_PERFORMANCE_SCHEME as S } from './DEFAULT_PERFORMANCE_SCHEME.ts'
import { WORKED_EXAMPLE } from './_fixtures.ts'

describe('recommendationDraft (监察建议书)', () => {
  const card = scoreDepartment(WORKED_EXAMPLE, S)
  const d = recommendationDraft({ card, periodLabel: '2026 年 11 月', issuer: '浈江区电子监察中心', date: '2026-12-05' })
  it('fills the template with department, period, score, grade, volume, issuer and date', () => {
    expect(d.title).toBe(RECOMMENDATION_TEMPLATE.title)
    expect(d.number).toBe('浈监建〔2026〕  号（草稿）')
    expect(d.addressee).toBe('市场监管局：')
    expect(d.opening).toContain('2026 年 11 月')
    expect(d.opening).toContain('得分 66.33 分，等级为“合格”，办结件数 10 件')
    expect(d.closing).toContain('15 个工作日')
    expect([d.signature, d.date]).toEqual(['浈江区电子监察中心', '2026 年 12 月 5 日'])
    expect(JSON.stringify(d)).not.toMatch(/\{\w+\}/)
  })
  it('lists every line that lost points, with its formula and the numbers behind it; full and bonus lines are left out', () => {
    expect(d.findings.map((f) => f.indicator)).toEqual(['按时办结率', '一次性告知执行率', '投诉信访按时办理率', '好差评满意率', '督办按时回复率', '黄牌红牌扣分', '连续三次预警扣分', '程序违规扣分'])
    expect(d.findings[0]).toEqual({ indicator: '按时办结率', points: '53.33 / 60', formula: line('onTime').formula, refs: 'C5' })
    expect(d.findings[5]).toMatchObject({ points: '-15', refs: '牌 101、牌 102' })
  })
  const line = (id: string) => card.lines.find((l) => l.indicatorId === id)!
})
