import { describe, expect, it } from 'vitest'
import { caseQuery, emptyFilters, exportUrl, filtersFromQuery } from './caseQuery.ts'

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

describe('filtersFromQuery', () => {
  it('reads back what caseQuery writes, so a drill-down opens the list with the same filter', () => {
    const filters = { q: '', item: 'I-1', department: '440204-SCJG', range: ['2026-12-01', '2026-12-31'] as [string, string], level: 'red', caseType: 'promised' }
    const back = filtersFromQuery(caseQuery({ filters, view: 'inProgress', sort: null }))
    expect(back).toEqual({ filters, view: 'inProgress' })
  })
  it('ignores malformed members', () => {
    expect(filtersFromQuery({ from: '2026-12-01', to: 'x', view: 'everything', level: ['red'] })).toEqual({ filters: { q: '', item: '', department: '', range: null, level: '', caseType: '' }, view: null })
  })
})
