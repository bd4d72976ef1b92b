import { describe, expect, it } from 'vitest'
import { cardDecisions, feeBelowStandard } from './cardDecisions.ts'
import { foldCase, type CaseState } from '../case/foldCase.ts'
import type { CaseClock } from '../clock/caseClock.ts'
import type { StoredEvent } from '../events/schema.ts'

let seq = 0
const ev = (kind: StoredEvent['kind'], hour: number, body: Record<string, unknown>): StoredEvent =>
  ({ seq: ++seq, eventId: `e${seq}`, source: 's', kind, occurredAt: `2025-10-09T${String(hour).padStart(2, '0')}:00:00.000Z`, subject: 'case', subjectNo: 'C9', departmentCode: 'D', body, receivedAt: '' }) as StoredEvent
const acc = ev('accepted', 1, { itemCode: 'I', caseType: 'promised', applicant: { name: 'x' } })
const clockAt = (level: CaseClock['level']): CaseClock => ({
  status: 'running', limit: { value: 3, unit: 'workday' }, legalLimit: null, deadlineDate: '2025-09-30', legalDeadlineDate: null,
  warningFrom: '2025-09-30', yellowFrom: '2025-10-09', redFrom: '2025-10-15', level, clockLevel: level, stages: [], stageWarningFrom: null, stageWatch: null, stageWarning: null, nextTransitionAt: null, explanation: null, stop: null, provisional: false, startDate: '2025-09-26',
})
const rules = (s: CaseState, level: CaseClock['level'] = 'normal', fee: number | null = null) => cardDecisions(s, clockAt(level), { feeStandard: fee }).map((d) => `${d.rule}:${d.color}`)

describe('cardDecisions', () => {
  it('calls for a yellow overdue card at yellow, and yellow plus red at red', () => {
    const s = foldCase([acc])!
    expect(rules(s, 'warning')).toEqual([])
    expect(rules(s, 'yellow')).toEqual(['overdue:yellow'])
    expect(rules(s, 'red')).toEqual(['overdue:yellow', 'overdue:red'])
    expect(cardDecisions(s, clockAt('red'), { feeStandard: null }).every((d) => d.key.startsWith('case:C9:overdue:'))).toBe(true)
  })

  it('gives red for a fee above the standard or any fee on a free item, and flags a lower fee for review', () => {
    const charged = (amount: number) => foldCase([acc, ev('feeCharged', 2, { amount })])!
    expect(rules(charged(120), 'normal', 100)).toEqual(['fee.overcharged:red'])
    expect(rules(charged(100), 'normal', 100)).toEqual([])
    expect(rules(charged(5), 'normal', 0)).toEqual(['fee.chargedForFreeItem:red'])
    expect(rules(charged(80), 'normal', 100)).toEqual([])
    expect(feeBelowStandard(charged(80), { feeStandard: 100 })).toBe(true)
    expect(rules(charged(120), 'normal', null)).toEqual([])
  })

  it('gives yellow for procedure anomalies and for a second supplement request', () => {
    const s = foldCase([
      acc,
      ev('supplementRequested', 2, { materials: ['a'] }),
      ev('supplementSupplied', 3, {}),
      ev('supplementRequested', 4, { materials: ['b'] }),
      ev('returned', 5, {}),
    ])!
    expect(rules(s)).toEqual(['oneTimeNotification:yellow', 'procedure.returnedWithoutReason:yellow'])
  })

  it('respects the scheme switches', () => {
    const s = foldCase([acc, ev('feeCharged', 2, { amount: 9 }), ev('returned', 3, {})])!
    const all = cardDecisions(s, clockAt('red'), { feeStandard: 0 })
    expect(all.map((d) => d.rule)).toEqual(['overdue', 'overdue', 'fee.chargedForFreeItem', 'procedure.returnedWithoutReason'])
    const none = cardDecisions(s, clockAt('red'), { feeStandard: 0 }, { overdue: false, fee: false, procedure: false, oneTimeNotification: false })
    expect(none).toEqual([])
  })
})
