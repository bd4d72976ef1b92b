import { describe, expect, it } from 'vitest'
import { packageToEvents } from './xml.ts'

describe('packageToEvents', () => {
  it('maps PascalCase elements to the JSON fields, coerces numbers by schema and reads lists', () => {
    const r = packageToEvents({
      Package: {
        Head: { Source: 'hotline' },
        Body: {
          Event: [
            { EventId: 'e1', Kind: 'supplementRequested', OccurredAt: '2025-10-09T09:00:00+08:00', CaseNo: 'C1', DepartmentCode: 'D1', Data: { Materials: { Material: ['营业执照', '身份证'] } } },
            { EventId: 'e2', Kind: 'feeCharged', OccurredAt: '2025-10-09T10:00:00+08:00', CaseNo: 'C1', DepartmentCode: 'D1', Data: { Amount: '12.50' } },
            { EventId: 'e3', Kind: 'supplementRequested', OccurredAt: '2025-10-09T11:00:00+08:00', CaseNo: 'C1', DepartmentCode: 'D1', Data: { Materials: { Material: '一份' } } },
            { EventId: 'e4', Kind: 'accepted', OccurredAt: '2025-10-09T11:00:00+08:00', CaseNo: 'C1', DepartmentCode: 'D1', Data: { ItemCode: 'I1', CaseType: 'promised', Applicant: { Name: '张三', Phone: '13800001111' }, PromisedLimit: { Value: '5', Unit: 'workday' } } },
          ],
        },
      },
    })
    expect(r).toEqual({
      ok: true,
      events: [
        { eventId: 'e1', kind: 'supplementRequested', occurredAt: '2025-10-09T09:00:00+08:00', caseNo: 'C1', departmentCode: 'D1', source: 'hotline', body: { materials: ['营业执照', '身份证'] } },
        { eventId: 'e2', kind: 'feeCharged', occurredAt: '2025-10-09T10:00:00+08:00', caseNo: 'C1', departmentCode: 'D1', source: 'hotline', body: { amount: 12.5 } },
        { eventId: 'e3', kind: 'supplementRequested', occurredAt: '2025-10-09T11:00:00+08:00', caseNo: 'C1', departmentCode: 'D1', source: 'hotline', body: { materials: ['一份'] } },
        { eventId: 'e4', kind: 'accepted', occurredAt: '2025-10-09T11:00:00+08:00', caseNo: 'C1', departmentCode: 'D1', source: 'hotline', body: { itemCode: 'I1', caseType: 'promised', applicant: { name: '张三', phone: '13800001111' }, promisedLimit: { value: 5, unit: 'workday' } } },
      ],
    })
  })

  it('keeps a phone number or ID number as text (no numeric coercion outside numeric fields)', () => {
    const r = packageToEvents({ Package: { Head: '', Body: { Event: { EventId: 'e', Kind: 'accepted', Data: { Applicant: { Name: 'x', IdNumber: '440204199001010012' } } } } } })
    expect(r.ok && (r.events[0] as { body: { applicant: { idNumber: unknown } } }).body.applicant.idNumber).toBe('440204199001010012')
  })

  it('refuses a document that is not a Package with one Head and one Body', () => {
    expect(packageToEvents({ Other: {} }).ok).toBe(false)
    expect(packageToEvents({ Package: { Body: '' } }).ok).toBe(false)
    expect(packageToEvents({ Package: { Head: '', Body: ['', ''] } }).ok).toBe(false)
  })

  it('leaves a non-numeric value in a numeric field as text, for validation to refuse', () => {
    const r = packageToEvents({ Package: { Head: '', Body: { Event: { Kind: 'feeCharged', Data: { Amount: 'twelve' } } } } })
    expect(r.ok && (r.events[0] as { body: unknown }).body).toEqual({ amount: 'twelve' })
  })
})
