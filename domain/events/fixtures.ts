/**
 * Deterministic event sequences for tests and benchmarks (pure; no clock, no randomness beyond
 * the seed given).
 */
import type { EventKind } from './schema.ts'

export interface RawEvent {
  eventId: string
  source?: string
  kind: EventKind
  occurredAt: string
  caseNo?: string
  petitionNo?: string
  departmentCode: string
  body: Record<string, unknown>
}

/** A small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HOUR = 3600_000

/**
 * The events of one promised case: submitted, accepted, optionally a supplement and a special
 * procedure, the three middle stages, a fee and the conclusion. Timestamps are distinct and
 * increasing from `startMs`.
 */
export function caseLifecycle(caseNo: string, departmentCode: string, startMs: number, opts: { seed?: number; supplement?: boolean; suspend?: boolean; fee?: number } = {}): RawEvent[] {
  const r = rng(opts.seed ?? 1)
  let t = startMs
  const at = (hours: number) => {
    t += Math.round(hours * HOUR) + Math.floor(r() * 600_000) + 1000
    return new Date(t).toISOString()
  }
  let n = 0
  const ev = (kind: EventKind, body: Record<string, unknown>, hours: number): RawEvent => ({
    eventId: `${caseNo}-${++n}-${kind}`,
    kind,
    occurredAt: at(hours),
    caseNo,
    departmentCode,
    body,
  })
  const out: RawEvent[] = [
    ev('submitted', { itemCode: 'ITEM-001', channel: 'window' }, 0),
    ev('accepted', { itemCode: 'ITEM-001', caseType: 'promised', applicant: { name: '张三', idNumber: '440204199001011234', phone: '13800005678' }, promisedLimit: { value: 10, unit: 'workday' }, legalLimit: { value: 20, unit: 'workday' }, handler: '李四' }, 1),
  ]
  if (opts.supplement) {
    out.push(ev('supplementRequested', { materials: ['营业执照副本', '法定代表人身份证明'], handler: '李四' }, 4))
    out.push(ev('supplementSupplied', { materials: ['营业执照副本', '法定代表人身份证明'] }, 30))
  }
  out.push(ev('stage', { stage: 'undertaken', handler: '王五', opinion: '材料齐全，同意承办' }, 20))
  if (opts.suspend) {
    out.push(ev('suspended', { procedure: 'expertReview', expectedDays: 5, approver: '赵六' }, 10))
    out.push(ev('resumed', {}, 100))
  }
  out.push(ev('stage', { stage: 'reviewed', handler: '钱七', opinion: '审核通过' }, 24))
  out.push(ev('stage', { stage: 'approved', handler: '孙八', opinion: '准予许可', decision: 'approve' }, 24))
  if (opts.fee !== undefined) out.push(ev('feeCharged', { amount: opts.fee }, 1))
  out.push(ev('concluded', { result: 'approved', certificateNo: `ZS-${caseNo}` }, 2))
  return out
}

/** The events of one petition (信访件) from receipt to rating. */
export function petitionLifecycle(petitionNo: string, departmentCode: string, startMs: number): RawEvent[] {
  let t = startMs
  let n = 0
  const ev = (kind: EventKind, body: Record<string, unknown>, hours: number): RawEvent => {
    t += hours * HOUR
    return { eventId: `${petitionNo}-${++n}`, kind, occurredAt: new Date(t).toISOString(), petitionNo, departmentCode, body }
  }
  return [
    ev('petition.received', { petitionKind: 'complaint', channel: '12345', subject: '噪音扰民', citizen: { name: '周九', phone: '13900001111' } }, 0),
    ev('petition.assigned', { handler: '吴十' }, 2),
    ev('petition.acknowledged', {}, 3),
    ev('petition.replied', { handler: '吴十', reply: '已处理' }, 30),
    ev('petition.closed', { result: '办结' }, 2),
    ev('petition.rated', { rating: 4 }, 1),
  ]
}
