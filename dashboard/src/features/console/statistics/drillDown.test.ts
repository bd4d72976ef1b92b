import { describe, expect, it } from 'vitest'
import { caseQuery, filtersFromQuery } from '../cases/caseQuery.ts'
import { timeLimitDrillDown, typeDrillDown } from './drillDown.ts'

describe('drill-down from a statistics number to the case list', () => {
  const period = { from: '2026-12-01', to: '2026-12-31', today: '2026-12-05' }
  it('a red in-progress count of a department: that department, the period, in progress, red', () => {
    const q = timeLimitDrillDown({ group: 'department', key: '440204-SCJG', bucket: 'inProgress', level: 'red', ...period })
    expect(q).toEqual({ department: '440204-SCJG', from: '2026-12-01', to: '2026-12-31', view: 'inProgress', level: 'red' })
    // the list reads it back as its own filter, and asks the server for the same
    const back = filtersFromQuery(q)
    expect(caseQuery({ filters: back.filters, view: back.view!, sort: null })).toEqual(q)
  })
  it("today's cases of an item: received today, any status; a jurisdiction row keeps the page's department filter", () => {
    expect(timeLimitDrillDown({ group: 'item', key: 'I-1', bucket: 'today', ...period })).toEqual({ item: 'I-1', from: '2026-12-05', to: '2026-12-05' })
    expect(timeLimitDrillDown({ group: 'jurisdiction', key: '440204', bucket: 'concluded', level: 'yellow', department: 'D', ...period })).toEqual({ department: 'D', from: '2026-12-01', to: '2026-12-31', view: 'concluded', level: 'yellow' })
  })
  it('types: by case type, or the exceptions view for 退回件 and 补办件; all time has no dates', () => {
    expect(typeDrillDown('joint', '2026-12-01', '2026-12-31', null)).toEqual({ from: '2026-12-01', to: '2026-12-31', caseType: 'joint' })
    expect(typeDrillDown('returned', null, null, 'D')).toEqual({ department: 'D', view: 'exceptions' })
  })
})
