import { describe, expect, it } from 'vitest'
import { caseTypeOption, flowOption, petitionOption } from './trendOptions.ts'

type Series = { id: string; data: unknown[] }
const series = (o: Record<string, unknown>) => o.series as Series[]

describe('trend chart options', () => {
  it('builds received vs concluded with stable series ids and short labels', () => {
    const o = flowOption([{ label: '09:00', received: 4, concluded: 1 }, { label: '10:00', received: 2, concluded: 3 }], { received: '收件', concluded: '办结' }, 1)
    expect(series(o).map((s) => s.id)).toEqual(['received', 'concluded'])
    expect(series(o)[0]!.data).toEqual([4, 2])
    expect(series(o)[1]!.data).toEqual([1, 3])
    expect((o.xAxis as { data: string[] }).data).toEqual(['09', '10'])
    const d = flowOption([{ label: '2026-12-01', received: 1, concluded: 0 }], { received: 'r', concluded: 'c' }, 2)
    expect((d.xAxis as { data: string[] }).data).toEqual(['01'])
    expect((d.textStyle as { fontSize: number }).fontSize).toBe(26) // scaled by u
  })

  it('keeps every case type in its slot, zero when absent', () => {
    const names = { immediate: '即办', promised: '承诺', joint: '联办', escalated: '上报', returned: '退回', supplemented: '补办' }
    const o = caseTypeOption([{ type: 'joint', count: 5 }, { type: 'immediate', count: 2 }], names, 1)
    expect(series(o)[0]!.data.map((d) => (d as { name: string; value: number }).value)).toEqual([2, 0, 5, 0, 0, 0])
  })

  it('stacks petitions by level per kind', () => {
    const kinds = { consultation: '咨询', complaint: '投诉', petition: '信访', mailbox: '信箱', efficiencyComplaint: '效能投诉' }
    const levels = { normal: '正常', warning: '预警', yellow: '黄牌', red: '红牌' }
    const o = petitionOption([{ kind: 'complaint', normal: 3, warning: 1, yellow: 0, red: 2 }], kinds, levels, 1)
    expect(series(o).map((s) => s.id)).toEqual(['normal', 'warning', 'yellow', 'red'])
    expect(series(o)[3]!.data).toEqual([0, 2, 0, 0, 0])
    expect(series(o)[0]!.data).toEqual([0, 3, 0, 0, 0])
  })
})
