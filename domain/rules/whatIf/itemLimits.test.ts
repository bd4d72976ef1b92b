import { describe, expect, it } from 'vitest'
import { cnWorkCalendar } from '../../calendar/cnWorkCalendar.ts'
import { clockWithItemLimits, countedLimit } from './itemLimits.ts'
import type { OpenClock } from './types.ts'
import { whatIf } from './whatIf.ts'

const W = (value: number) => ({ value, unit: 'workday' as const })
const clock = (caseNo: string, own: OpenClock['own'], limit = 12, itemCode: string | null = 'I1'): OpenClock => ({
  caseNo, departmentCode: 'D1', itemCode, zone: 'Asia/Shanghai', accepted: '2026-11-20', limit, unit: 'workday', excluded: [], restarts: [], ...(own ? { own } : {}),
})

describe('item limits in the what-if', () => {
  it('counts the case\'s promised limit, else the item\'s, else the case\'s legal, else the item\'s', () => {
    expect(countedLimit({ promised: W(5), legal: W(30) }, { promised: W(3), legal: W(20) })).toEqual(W(5))
    expect(countedLimit({ promised: null, legal: W(30) }, { promised: W(3), legal: W(20) })).toEqual(W(3))
    expect(countedLimit({ promised: null, legal: W(30) }, { promised: null, legal: W(20) })).toEqual(W(30))
    expect(countedLimit({ promised: null, legal: null }, { promised: null, legal: W(20) })).toEqual(W(20))
    expect(countedLimit({ promised: null, legal: null }, { promised: null, legal: null })).toBeNull()
  })

  it('changes only the clocks of the item that count its limit', () => {
    const after = { itemCode: 'I1', promised: W(3), legal: null }
    expect(clockWithItemLimits(clock('A', { promised: null, legal: null }), after)?.limit).toBe(3)
    expect(clockWithItemLimits(clock('B', { promised: W(12), legal: null }), after)?.limit).toBe(12)
    expect(clockWithItemLimits(clock('C', { promised: null, legal: null }, 12, 'I2'), after)?.limit).toBe(12)
    expect(clockWithItemLimits(clock('D', { promised: null, legal: null }), { itemCode: 'I1', promised: null, legal: null })).toBeNull()
  })

  it('takes the item\'s limits of the version the case\'s acceptance date selects, else the catalogue\'s', () => {
    const after = { itemCode: 'I1', promised: W(12), legal: null, versions: [{ id: '1', acceptedFrom: '2026-11-21', limits: { promised: W(3), legal: null } }] }
    const inherits = { promised: null, legal: null }
    expect(clockWithItemLimits(clock('OLD', inherits), after)).toEqual(clock('OLD', inherits))
    expect(clockWithItemLimits({ ...clock('NEW', inherits), accepted: '2026-11-21' }, after)?.limit).toBe(3)
    // a case stating its own promised limit keeps it under any version
    expect(clockWithItemLimits({ ...clock('OWN', { promised: W(8), legal: null }, 8), accepted: '2026-11-23' }, after)?.limit).toBe(8)
  })

  it('moves the inheriting cases with old and new deadline, and counts a clock left without a limit as unresolved', () => {
    const cal = cnWorkCalendar()
    const clocks = [clock('INHERITS', { promised: null, legal: null }), clock('OWN', { promised: W(12), legal: null }), clock('LEGAL', { promised: null, legal: W(20) })]
    const side = { calendar: cal, schemes: [] }
    const r = whatIf({ jurisdictionCode: '440204', clocks, before: side, after: { ...side, items: { itemCode: 'I1', promised: W(3), legal: null } }, nowMs: Date.parse('2026-11-25T10:00:00+08:00') })
    // 12 working days from Fri 20 Nov 2026 → Tue 8 Dec; 3 → Wed 25 Nov (today: warning)
    expect(r.moves.map((m) => [m.caseNo, m.before.deadlineDate, m.after.deadlineDate, m.after.level])).toEqual([
      ['INHERITS', '2026-12-08', '2026-11-25', 'warning'],
      ['LEGAL', '2026-12-08', '2026-11-25', 'warning'],
    ])
    expect(r.summary.transitions).toEqual({ 'normal→warning': 2 })
    const none = whatIf({ jurisdictionCode: '440204', clocks, before: side, after: { ...side, items: { itemCode: 'I1', promised: null, legal: null } }, nowMs: Date.parse('2026-11-25T10:00:00+08:00') })
    expect(none.summary.unresolved).toBe(1)
    expect(none.moves.map((m) => m.caseNo)).toEqual(['LEGAL'])
  })
})
