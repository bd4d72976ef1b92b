import type { zh } from './messages.ts'

/** English texts of `messages.ts` (loaded only when English is chosen). Same keys as zh (the type says so). */
export const en: typeof zh = {
  title: 'Statistics',
  tabs: { timeLimit: 'Time limits', types: 'Case types', petitions: 'Petitions', custom: 'Custom' },
  period: { label: 'Period', day: 'Day', week: 'Week', month: 'Month', quarter: 'Quarter', year: 'Year', custom: 'Custom', at: 'Containing', range: 'Dates' },
  group: { label: 'Group by', jurisdiction: 'Jurisdiction', department: 'Department', item: 'Item', kind: 'Kind', channel: 'Channel' },
  bucket: { label: 'Cases', today: 'Received today', inProgress: 'In progress', concluded: 'Concluded' },
  levels: { normal: 'Normal', warning: 'Warning', yellow: 'Yellow', red: 'Red' },
  types: { immediate: 'Immediate', promised: 'Promised', joint: 'Joint', escalated: 'Escalated', returned: 'Returned', supplemented: 'Supplemented' },
  typePeriods: { today: 'Today', week: 'This week', month: 'This month', quarter: 'This quarter', year: 'This year', all: 'All time' },
  cols: {
    name: 'Name', total: 'Total', share: 'Share', period: 'Period', closed: 'Closed', onTime: 'On time', late: 'Late', unanswered: 'Not answered',
    overdue: 'Overdue now', rated: 'Rated', satisfied: 'Satisfied', onTimeRate: 'On-time rate', satisfaction: 'Satisfaction', ratingMean: 'Mean rating',
  },
  custom: {
    dimensions: 'Dimensions', grain: 'Grain', measures: 'Measures', filter: 'Filter', run: 'Run', save: 'Save as report', reportName: 'Report name',
    shareWith: 'Share with roles', saved: 'Saved reports', load: 'Open', saveOk: 'Report saved', status: 'Status', truncated: 'More than 5,000 groups: the first 5,000 are shown',
    dims: { jurisdiction: 'Jurisdiction', department: 'Department', item: 'Item', caseType: 'Case type', handler: 'Handler', period: 'Period' },
    grains: { week: 'Week', month: 'Month', quarter: 'Quarter' },
    measureNames: { cases: 'Cases', onTimeRate: 'On-time rate', daysMean: 'Mean working days used', daysP90: 'p90 working days used', supplementsPerCase: 'Supplements per case', cardsPer100: 'Cards per 100 cases', fees: 'Fees (CNY)' },
    statuses: { pending: 'Pending', inProgress: 'In progress', concluded: 'Concluded', returned: 'Returned' },
    roles: { admin: 'Administrator', supervisor: 'Supervisor', leader: 'Leader', department_head: 'Department head' },
  },
  refresh: 'Refresh',
  export: 'Export Excel',
  drillHint: 'Click a number to see its cases',
  empty: 'No data in this period',
  any: 'Any',
}
