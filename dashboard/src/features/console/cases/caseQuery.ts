/**
 * The query string of GET /api/v1/cases and /api/v1/cases/export from the console's filters,
 * tab, sort and page (server/http/case-filters.ts is the other side). Empty filters are left
 * out. Pure.
 */
export type CaseView = 'all' | 'inProgress' | 'pending' | 'concluded' | 'alert' | 'exceptions' | 'fee' | 'procedure'
export type CaseSort = 'receivedAt' | 'acceptedAt' | 'deadlineDate' | 'concludedAt' | 'level' | 'caseNo' | 'feeCharged'

export interface CaseFilterState {
  q: string
  item: string
  department: string
  /** [from, to] local dates `YYYY-MM-DD`, inclusive */
  range: [string, string] | null
  level: string
  caseType: string
}

export const emptyFilters = (): CaseFilterState => ({ q: '', item: '', department: '', range: null, level: '', caseType: '' })

export interface CaseQueryInput {
  filters: CaseFilterState
  view: CaseView
  sort: { key: CaseSort; order: 'asc' | 'desc' } | null
  page?: { size: number; number: number }
}

export function caseQuery(i: CaseQueryInput): Record<string, string> {
  const f = i.filters
  const out: Record<string, string> = {}
  if (f.q.trim()) out.q = f.q.trim()
  if (f.item) out.item = f.item
  if (f.department) out.department = f.department
  if (f.range) {
    out.from = f.range[0]
    out.to = f.range[1]
  }
  if (f.level) out.level = f.level
  if (f.caseType) out.caseType = f.caseType
  if (i.view !== 'all') out.view = i.view
  if (i.sort) {
    out.sort = i.sort.key
    out.order = i.sort.order
  }
  if (i.page) {
    out.limit = String(i.page.size)
    out.offset = String((i.page.number - 1) * i.page.size)
  }
  return out
}

/** The export URL for the same filters (no paging). */
export function exportUrl(i: Omit<CaseQueryInput, 'page'>, format: 'csv' | 'xlsx', lang: 'zh-CN' | 'en'): string {
  const qs = new URLSearchParams({ ...caseQuery(i), format, lang })
  return `/api/v1/cases/export?${qs.toString()}`
}

const VIEWS: readonly CaseView[] = ['all', 'inProgress', 'pending', 'concluded', 'alert', 'exceptions', 'fee', 'procedure']
const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * The filters and tab of a console URL's query (the inverse of `caseQuery` for its filter members):
 * how a drill-down from a statistics number opens the list with the same filter. Unknown or
 * malformed members are ignored.
 */
export function filtersFromQuery(query: Record<string, unknown>): { filters: CaseFilterState; view: CaseView | null } {
  const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '')
  const f = emptyFilters()
  f.q = str('q')
  f.item = str('item')
  f.department = str('department')
  f.level = str('level')
  f.caseType = str('caseType')
  const from = str('from')
  const to = str('to')
  if (DATE.test(from) && DATE.test(to)) f.range = [from, to]
  const view = str('view') as CaseView
  return { filters: f, view: VIEWS.includes(view) ? view : null }
}
