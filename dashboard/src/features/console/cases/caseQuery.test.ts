import { describe, expect, it } from 'vitest'
import { caseQuery, emptyFilters, exportUrl } from './caseQuery.ts'

describe('caseQuery', () => {
  it('leaves out empty filters and the "all" view', () => {
    expect(caseQuery({ filters: emptyFilters(), view: 'all', sort: null })).toEqual({})
  })
  it('maps every filter, the view, the sort and the page', () => {
    const q = caseQuery({
      filters: { q: ' 2026-0003 ', item: 'SCJG-001', department: '440204-SCJG', range: ['2026-11-01', '2026-11-30'], level: 'red', caseType: 'promised' },
      view: 'alert',
      sort: { key: 'deadlineDate', order: 'asc' },
      page: { size: 20, number: 3 },
    })
    expect(q).toEqual({ q: '2026-0003', item: 'SCJG-001', department: '440204-SCJG', from: '2026-11-01', to: '2026-11-30', level: 'red', caseType: 'promised', view: 'alert', sort: 'deadlineDate', order: 'asc', limit: '20', offset: '40' })
  })
  it('builds the export URL without paging', () => {
    const u = exportUrl({ filters: { ...emptyFilters(), level: 'red' }, view: 'inProgress', sort: null }, 'xlsx', 'en')
    expect(u).toBe('/api/v1/cases/export?level=red&view=inProgress&format=xlsx&lang=en')
  })
})
