import { describe, expect, it } from 'vitest'
import { petitionClock } from './petitionClock.ts'
import { foldPetition } from '../case/foldPetition.ts'
import { cnWorkCalendar } from '../calendar/cnWorkCalendar.ts'
import type { StoredEvent } from '../events/schema.ts'

const cal = cnWorkCalendar()
let seq = 0
const ev = (kind: StoredEvent['kind'], at: string, body: Record<string, unknown>): StoredEvent =>
  ({ seq: ++seq, eventId: `p${seq}`, source: 's', kind, occurredAt: new Date(at).toISOString(), subject: 'petition', subjectNo: 'P1', departmentCode: 'D', body, receivedAt: '' }) as StoredEvent
const received = (kind: string, at: string) => ev('petition.received', at, { petitionKind: kind, channel: '12345' })
const clock = (events: StoredEvent[], now: string) => petitionClock(foldPetition(events)!, { calendar: cal, zone: 'Asia/Shanghai', nowMs: Date.parse(now) })

describe('petitionClock', () => {
  it('gives a consultation 2 working days (over a weekend)', () => {
    // Received Fri 7 Nov 2025: counted Mon 10, Tue 11 → deadline 11 Nov.
    expect(clock([received('consultation', '2025-11-07T10:00:00+08:00')], '2025-11-10T10:00:00+08:00')).toMatchObject({ phase: 'conclude', deadlineDate: '2025-11-11', level: 'normal' })
  })

  it('watches 信访 acknowledgement at 15 日 first, then conclusion at 60 日, both moved off non-working days', () => {
    const r = received('petition', '2025-09-16T10:00:00+08:00')
    // 15 days after 16 Sep = 1 Oct (National Day) → next working day 9 Oct.
    expect(clock([r], '2025-09-20T00:00:00+08:00')).toMatchObject({ phase: 'acknowledge', deadlineDate: '2025-10-09' })
    const ack = ev('petition.acknowledged', '2025-09-25T10:00:00+08:00', {})
    // 60 days after 16 Sep = 15 Nov 2025 (Saturday) → Monday 17 Nov.
    expect(clock([r, ack], '2025-09-26T00:00:00+08:00')).toMatchObject({ phase: 'conclude', deadlineDate: '2025-11-17' })
  })

  it('keeps the level a petition had when it was replied', () => {
    const events = [received('mailbox', '2025-11-03T10:00:00+08:00'), ev('petition.replied', '2025-11-20T10:00:00+08:00', { handler: 'h' })]
    expect(clock(events, '2026-01-01T00:00:00+08:00')).toMatchObject({ phase: 'closed', level: 'red', nextTransitionAt: null })
  })
})
