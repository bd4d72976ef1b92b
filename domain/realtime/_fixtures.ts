/** Wall panels for the tests of this folder. */
import type { WallCardItem, WallPanels, WallSnapshot } from './wall.ts'

export const card = (id: string, issuedAt = '2026-12-01T02:00:00.000Z'): WallCardItem => ({
  id,
  issuedAt,
  effectiveAt: issuedAt,
  color: 'yellow',
  departmentCode: '440204-SCJG',
  departmentName: '市场监管局',
  itemName: '食品经营许可',
  subjectNoMasked: '440204-2026-****01',
  subject: 'case',
  rule: 'overdue',
  reason: '超期 1 个工作日',
})

export const panels = (over: Partial<WallPanels> = {}): WallPanels => ({
  tiles: { receivedToday: 1, acceptedToday: 1, concludedToday: 0, inProgress: 5, warning: 1, yellow: 0, red: 0, onTimeRateMonth: 0.9 },
  departments: [{ code: '440204-SCJG', name: '市场监管局', kind: 'department', open: 5, normal: 4, warning: 1, yellow: 0, red: 0, worst: 'warning' }],
  cards: [card('2'), card('1')],
  trends: { hourlyToday: [{ label: '00:00', received: 1, concluded: 0 }], dailyMonth: [{ label: '2026-12-01', received: 1, concluded: 0 }], caseTypes: [{ type: 'promised', count: 1 }], petitions: [] },
  rankings: { best: [], worst: [] },
  ...over,
})

export const snapshot = (version: number, p: WallPanels = panels()): WallSnapshot => ({ schemaVersion: 2, jurisdictionCode: '440204', version, at: '2026-12-01T02:00:00.000Z', panels: p })
