import { describe, expect, it } from 'vitest'
import { validateEvent, type ValidateContext } from './validateEvent.ts'

const NOW = Date.UTC(2026, 10, 25, 10)
const ctx: ValidateContext = { source: 'window', departments: '*', nowMs: NOW, knownDepartments: new Set(['D1', 'D2']) }
const ok = { eventId: 'e1', kind: 'resumed', occurredAt: '2025-10-09T09:00:00+08:00', caseNo: 'C1', departmentCode: 'D1', body: {} }

describe('validateEvent', () => {
  it('normalises occurredAt to UTC and fills the source from the key', () => {
    const r = validateEvent(ok, ctx)
    expect(r).toEqual({ ok: true, event: { eventId: 'e1', source: 'window', kind: 'resumed', occurredAt: '2025-10-09T01:00:00.000Z', subject: 'case', subjectNo: 'C1', departmentCode: 'D1', body: {} } })
  })

  it('keeps the local date boundary: 2025-09-30T23:30Z is stored as that instant', () => {
    const r = validateEvent({ ...ok, occurredAt: '2025-10-01T07:30:00+08:00' }, ctx)
    expect(r.ok && r.event.occurredAt).toBe('2025-09-30T23:30:00.000Z')
  })

  it.each([
    [{ ...ok, occurredAt: '2025-02-29T10:00:00+08:00' }, 'INVALID_DATE'],
    [{ ...ok, occurredAt: '2025-13-01T10:00:00+08:00' }, 'INVALID_DATE'],
    [{ ...ok, occurredAt: '2025-10-09 10:00' }, 'INVALID_DATE'],
    [{ ...ok, occurredAt: '1999-12-31T23:59:59Z' }, 'DATE_OUT_OF_RANGE'],
    [{ ...ok, occurredAt: '2026-11-27T10:00:00Z' }, 'DATE_OUT_OF_RANGE'],
    [{ ...ok, kind: 'exploded' }, 'UNKNOWN_KIND'],
    [{ ...ok, kind: 'toString' }, 'UNKNOWN_KIND'],
    [{ ...ok, caseNo: undefined }, 'MISSING_SUBJECT'],
    [{ ...ok, petitionNo: 'P1' }, 'MISSING_SUBJECT'],
    [{ ...ok, caseNo: undefined, petitionNo: 'P1' }, 'WRONG_SUBJECT'],
    [{ ...ok, source: 'other' }, 'SOURCE_MISMATCH'],
    [{ ...ok, departmentCode: 'D9' }, 'UNKNOWN_DEPARTMENT'],
    [{ ...ok, extra: 1 }, 'VALIDATION_FAILED'],
    [{ ...ok, eventId: '' }, 'VALIDATION_FAILED'],
    [{ ...ok, eventId: 'has space' }, 'VALIDATION_FAILED'],
    [{ ...ok, kind: 'feeCharged', body: { amount: -1 } }, 'VALIDATION_FAILED'],
    [{ ...ok, kind: 'supplementRequested', body: { materials: [] } }, 'VALIDATION_FAILED'],
    [null, 'VALIDATION_FAILED'],
    [[ok], 'VALIDATION_FAILED'],
    ['text', 'VALIDATION_FAILED'],
  ])('refuses %j with %s', (raw, code) => {
    const r = validateEvent(raw, ctx)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.code).toBe(code)
  })

  it('limits a key to its departments', () => {
    const r = validateEvent(ok, { ...ctx, departments: ['D2'] })
    expect(!r.ok && r.code).toBe('DEPARTMENT_FORBIDDEN')
    expect(validateEvent({ ...ok, departmentCode: 'D2' }, { ...ctx, departments: ['D2'] }).ok).toBe(true)
  })

  it('does not mutate its input', () => {
    const input = structuredClone(ok)
    validateEvent(input, ctx)
    expect(input).toEqual(ok)
  })
})

describe('validateEvent: text that cannot be stored', () => {
  const accepted = {
    eventId: 'e2', kind: 'accepted', occurredAt: '2025-10-09T09:00:00+08:00', caseNo: 'C1', departmentCode: 'D1',
    body: { itemCode: 'I1', caseType: 'promised', applicant: { name: '张三', idNumber: '440204199001011234' } },
  }
  it('accepts the event when its text is clean (controls and bidi marks are text)', () => {
    const r = validateEvent({ ...accepted, body: { ...accepted.body, applicant: { name: '张\u0007三\u202e' } } }, ctx)
    expect(r.ok).toBe(true)
  })
  it.each([
    [{ ...accepted, body: { ...accepted.body, applicant: { name: '张\u0000三' } } }, '/body/applicant/name: U+0000 (NUL)'],
    [{ ...accepted, body: { ...accepted.body, itemCode: 'I\ud800' } }, '/body/itemCode: lone surrogate'],
    [{ ...accepted, body: { ...accepted.body, handler: '\udc00' } }, '/body/handler: lone surrogate'],
    [{ ...ok, kind: 'supplementRequested', body: { materials: ['营业执照', '\u0000'] } }, '/body/materials/1: U+0000 (NUL)'],
  ])('refuses %j with INVALID_TEXT naming the field', (raw, detail) => {
    expect(validateEvent(raw, ctx)).toEqual({ ok: false, code: 'INVALID_TEXT', detail })
  })
  it('refuses a NUL in the envelope by its pattern (VALIDATION_FAILED naming the field)', () => {
    const r = validateEvent({ ...ok, caseNo: 'C\u00001' }, ctx)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.detail).toMatch(/^\/caseNo /)
  })
})
