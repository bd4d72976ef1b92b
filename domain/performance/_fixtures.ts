/**
 * The worked example of the tests and the README: 市场监管局 in November 2026 under the default
 * scheme, checked by hand (scoreDepartment.test.ts spells out each line).
 */
import type { CaseFact, DepartmentFacts } from './types.ts'

const c = (caseNo: string, handler: string, concluded: string, deadline: string | null, warned = false, supplementCount = 0): CaseFact => ({
  caseNo, handler, concludedAt: `${concluded}T10:00:00+08:00`, concludedDate: concluded, deadlineDate: deadline, warned, supplementCount,
})

export const WORKED_EXAMPLE: DepartmentFacts = {
  departmentCode: '440204-SCJG',
  name: '市场监管局',
  kind: 'agency',
  cases: [
    c('C1', '张三', '2026-11-03', '2026-11-10'),
    c('C2', '张三', '2026-11-05', '2026-11-05'),
    c('C3', '张三', '2026-11-06', '2026-11-12'),
    c('C4', '张三', '2026-11-09', '2026-11-20'),
    c('C5', '张三', '2026-11-12', '2026-11-10', true),
    c('C6', '张三', '2026-11-13', '2026-11-13', true),
    c('C7', '李四', '2026-11-16', '2026-11-16', true),
    c('C8', '李四', '2026-11-18', null),
    c('C9', '李四', '2026-11-20', '2026-11-25', false, 2),
    c('C10', '李四', '2026-11-24', '2026-11-24', false, 1),
  ],
  cards: [
    { id: '101', subject: 'case', subjectNo: 'C5', color: 'yellow', rule: 'overdue', issuedAt: '2026-11-11T00:00:00+08:00', handler: '张三' },
    { id: '102', subject: 'petition', subjectNo: 'P2', color: 'red', rule: 'overdue', issuedAt: '2026-11-20T00:00:00+08:00', handler: null },
    { id: '103', subject: 'case', subjectNo: 'C9', color: 'yellow', rule: 'oneTimeNotification', issuedAt: '2026-11-15T09:00:00+08:00', handler: '李四' },
    { id: '104', subject: 'case', subjectNo: 'C10', color: 'yellow', rule: 'procedure.stageOutOfOrder', issuedAt: '2026-11-24T09:00:00+08:00', handler: '李四' },
  ],
  petitions: [
    { petitionNo: 'P1', onTime: true }, { petitionNo: 'P2', onTime: false }, { petitionNo: 'P3', onTime: true }, { petitionNo: 'P4', onTime: true },
  ],
  ratings: [
    { petitionNo: 'P1', rating: 5 }, { petitionNo: 'P3', rating: 4 }, { petitionNo: 'P4', rating: 3 }, { petitionNo: 'P5', rating: 2 },
  ],
  orders: [{ orderNo: 'DB-000001', onTime: true }, { orderNo: 'DB-000002', onTime: false }],
}
