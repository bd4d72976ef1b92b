import { describe, expect, it } from 'vitest'
import { timeLimitRow, typeRow, petitionRow } from '../../../../../domain/statistics/tables.ts'
import { petitionsOption, timeLimitOption, typesOption } from './chartOptions.ts'

const levels = { normal: '正常', warning: '预警', yellow: '黄牌', red: '红牌' }

describe('statistics chart options', () => {
  it('stacks the levels of one bucket, one bar per group', () => {
    const rows = [
      timeLimitRow('A', '市场监管局', 'inProgress', { normal: 3, warning: 1, yellow: 0, red: 2 }),
      timeLimitRow('A', '市场监管局', 'concluded', { normal: 9, warning: 0, yellow: 0, red: 0 }),
      timeLimitRow('B', '住建局', 'inProgress', { normal: 1, warning: 0, yellow: 1, red: 0 }),
    ]
    const o = timeLimitOption(rows, 'inProgress', levels) as { xAxis: { data: string[] }; series: { id: string; name: string; stack: string; data: number[] }[] }
    expect(o.xAxis.data).toEqual(['市场监管局', '住建局'])
    expect(o.series.map((s) => [s.id, s.name, s.stack, s.data])).toEqual([
      ['normal', '正常', 'level', [3, 1]],
      ['warning', '预警', 'level', [1, 0]],
      ['yellow', '黄牌', 'level', [0, 1]],
      ['red', '红牌', 'level', [2, 0]],
    ])
  })

  it('draws the six types per period from the all-departments rows only', () => {
    const counts = { immediate: 2, promised: 1, joint: 0, escalated: 0, returned: 1, supplemented: 0 }
    const rows = [typeRow('today', '2026-12-05', '2026-12-05', '2026-12-05', null, '全部', 4, counts), typeRow('today', '2026-12-05', '2026-12-05', '2026-12-05', 'A', '市场监管局', 4, counts)]
    const o = typesOption(rows, { today: '今日' }, { immediate: '即办件', promised: '承诺件', joint: '联办件', escalated: '上报件', returned: '退回件', supplemented: '补办件' }) as { xAxis: { data: string[] }; series: { id: string; data: number[] }[] }
    expect(o.xAxis.data).toEqual(['今日'])
    expect(o.series.map((s) => `${s.id}:${s.data.join()}`)).toEqual(['immediate:2', 'promised:1', 'joint:0', 'escalated:0', 'returned:1', 'supplemented:0'])
  })

  it('stacks petitions answered on time, late and not answered', () => {
    const r = petitionRow('complaint', 'complaint', { total: 5, closed: 3, onTime: 2, late: 1, unanswered: 2, overdue: 1, rated: 2, satisfied: 1, ratingSum: 7 })
    expect(r).toMatchObject({ onTimeRate: 2 / 3, satisfaction: 0.5, ratingMean: 3.5 })
    const o = petitionsOption([r], { onTime: '按时', late: '超期', unanswered: '未答复' }) as { series: { id: string; data: number[] }[] }
    expect(o.series.map((s) => `${s.id}:${s.data.join()}`)).toEqual(['onTime:2', 'late:1', 'unanswered:2'])
  })
})
