/** Test helper: folded cases built from events, step by step (as the window would emit them). */
import { foldCase, type CaseState } from '../../case/foldCase.ts'
import type { EventKind, StoredEvent } from '../../events/schema.ts'

export const FULL = ['accepted', 'undertaken', 'reviewed', 'approved', 'concluded'] as const
export const SHORT = ['accepted', 'concluded'] as const

export class CaseBuilder {
  private events: StoredEvent[] = []
  private t = Date.UTC(2026, 2, 2, 1, 0, 0)
  readonly caseNo: string
  readonly dept: string
  constructor(caseNo = 'C1', dept = 'D1') {
    this.caseNo = caseNo
    this.dept = dept
  }
  add(kind: EventKind, body: Record<string, unknown>, dept = this.dept): this {
    const seq = this.events.length + 1
    this.t += 3600_000
    const at = new Date(this.t).toISOString()
    this.events.push({ seq, eventId: `e${seq}`, source: 'window', kind, occurredAt: at, receivedAt: at, subject: 'case', subjectNo: this.caseNo, departmentCode: dept, body } as StoredEvent)
    return this
  }
  submitted(): this {
    return this.add('submitted', { itemCode: 'I1', applicant: { name: '张三' }, channel: 'window' })
  }
  accepted(jointDepartments?: string[]): this {
    return this.submitted().add('accepted', { itemCode: 'I1', caseType: jointDepartments ? 'joint' : 'promised', applicant: { name: '张三' }, ...(jointDepartments ? { jointDepartments } : {}) })
  }
  stage(stage: string, dept = this.dept, decision?: 'approve' | 'deny'): this {
    return this.add('stage', { stage, handler: '李四', ...(decision ? { decision, opinion: '同意' } : {}) }, dept)
  }
  state(): CaseState {
    return foldCase(this.events) as CaseState
  }
}

export const ctx = (departmentCode = 'D1', stageSet: readonly string[] = FULL) => ({ departmentCode, stageSet, itemCaseType: 'promised' })
