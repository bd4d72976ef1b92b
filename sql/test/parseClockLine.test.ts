import { describe, expect, it } from 'vitest'
import { parseClockLine } from '../ruleChanges.ts'

describe('parseClockLine', () => {
  it('reads a line of rule_preview_clocks.sql: arrays with NULLs, empty fields as null, the stored result', () => {
    const line = ['C1', 'D1', '', 'Asia/Shanghai', '2026-11-02', '5', 'workday', '{2026-11-03,2026-11-09}', '{2026-11-04,NULL}', '{2026-11-05}', '{NULL}',
      '2026-11-10', '2026-11-10', '2026-11-11', '2026-11-17', 'warning', String(Date.parse('2026-11-10T16:00:00Z')), 'f'].join('\t')
    expect(parseClockLine(line)).toEqual({
      caseNo: 'C1', departmentCode: 'D1', itemCode: null, zone: 'Asia/Shanghai', accepted: '2026-11-02', limit: 5, unit: 'workday',
      excluded: [['2026-11-03', '2026-11-04'], ['2026-11-09', null]],
      restarts: [['2026-11-05', null]],
      stored: { deadlineDate: '2026-11-10', warningFrom: '2026-11-10', yellowFrom: '2026-11-11', redFrom: '2026-11-17', level: 'warning', nextTransitionAt: '2026-11-10T16:00:00.000Z', overdueCards: false },
    })
  })
  it('leaves out the stored result of a row the recompute has not filled', () => {
    const c = parseClockLine(['C2', 'D1', 'I', 'Asia/Shanghai', '2026-11-02', '0', 'day', '', '', '', '', '', '', '', '', 'normal', '', 't'].join('\t'))
    expect(c).toMatchObject({ itemCode: 'I', limit: 0, unit: 'day', excluded: [], restarts: [] })
    expect(c.stored).toBeUndefined()
  })
})
