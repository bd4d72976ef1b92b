/**
 * A realistic, deterministic stream of approval cases and petitions for a district (the demo and
 * tests). Pure: no I/O, no clock — "now" and the seed come in; the same inputs give the same events.
 *
 * Window cases arrive on working days in office hours (08:30–12:00, 14:30–17:30 local), per day from
 * a PRNG seeded by (seed, day), so a re-run over the same days regenerates the same case numbers and
 * event ids (the ingest API reports them as duplicates). Handling times are measured in office
 * minutes on the working-day calendar, with long tails: most cases conclude within the promised
 * limit, some a few working days late (yellow), a few much later (red), some stall. Supplements,
 * special procedures, returns, denials, fees (a few wrong) and the five petition kinds are mixed in.
 *
 * Outside office hours the district does what real service centres do, so the stream never stops:
 * - 周六不打烊: the centre's windows open on Saturday mornings (09:00–12:00) that are not holidays;
 *   walk-ins are accepted on the spot, 即办件 concluded there, the rest handled from the next
 *   working day;
 * - 一网通办: online applications arrive at any hour; 秒批 (automatic approval) concludes most
 *   online 即办件 within minutes; the others pass the online pre-review (网上预审: a request for
 *   missing materials, or a refusal, within the hour) and are accepted the next working morning;
 * - the 12345 hotline answers round the clock: many consultations are answered and closed on the
 *   call, the other petitions are assigned the next working morning.
 */
import { DateTime } from 'luxon'
import type { WorkCalendar } from '../calendar/WorkCalendar.ts'
import { localDayOf } from '../calendar/localDayOf.ts'
import { startOfLocalDay } from '../calendar/startOfLocalDay.ts'
import { fromEpochDay } from '../calendar/fromEpochDay.ts'
import { isoDayOfWeek } from '../calendar/isoDayOfWeek.ts'
import { rng, type RawEvent } from '../events/fixtures.ts'
import type { EventKind, PetitionKind } from '../events/schema.ts'
import { DEFAULT_PETITION_LIMITS } from '../clock/petitionClock.ts'
import { type SimItem, type SimOptions, OFFICE_MINUTES, MORNING, SATURDAY_HOURS, SATURDAY_SHARE, OUT_OF_HOURS_SHARE, AUTO_APPROVAL_HANDLER, PRE_REVIEW_HANDLER, HOTLINE_HANDLER, type ServiceMode, type OutOfHoursStart } from './options.ts'
import { type Rand, pick, between, weighted, hash, SURNAMES, HANDLERS, MATERIALS, RETURN_REASONS, DENY_REASONS, PROCEDURES, SUBJECTS, CHANNELS, OUT_OF_HOURS_CHANNELS, person, firm, type Pos } from './vocabulary.ts'

export { OFFICE_MINUTES, SATURDAY_HOURS, AUTO_APPROVAL_HANDLER, PRE_REVIEW_HANDLER, HOTLINE_HANDLER } from './options.ts'
export type { SimItem, SimOptions, ServiceMode, OutOfHoursStart } from './options.ts'
export { batchBySubject } from './batch.ts'

export class Simulator {
  readonly zone: string
  readonly prefix: string
  private readonly cal: WorkCalendar
  private readonly dayStart = new Map<number, number>()
  private readonly depts: readonly string[]
  private readonly itemWeights: ReadonlyArray<readonly [SimItem, number]>

  private readonly o: SimOptions

  constructor(o: SimOptions) {
    this.o = o
    this.zone = o.zone ?? 'Asia/Shanghai'
    this.prefix = o.idPrefix ?? `440204-S${o.seed}-`
    this.cal = o.calendar
    this.depts = o.departments ?? [...new Set(o.items.map((i) => i.departmentCode))]
    // Everyday items (immediate, short promises, registrations) are asked for far more often.
    this.itemWeights = o.items.map((i) => [i, i.caseType === 'immediate' ? 4 : i.promisedLimit <= 5 ? 3 : i.caseType === 'escalated' ? 0.6 : 1.5] as const)
  }

  /** Epoch ms of an office position (with seconds from `r`). */
  private at(p: Pos, r?: Rand): number {
    const day = this.cal.workdayAt(p.k)
    let start = this.dayStart.get(day)
    if (start === undefined) this.dayStart.set(day, (start = startOfLocalDay(day, this.zone)))
    const minute = p.m < MORNING ? 510 + p.m : 870 + (p.m - MORNING)
    return start + minute * 60_000 + (r ? Math.floor(r() * 60) * 1000 : 0)
  }
  private add(p: Pos, minutes: number): Pos {
    const t = p.m + Math.max(0, Math.round(minutes))
    return { k: p.k + Math.floor(t / OFFICE_MINUTES), m: t % OFFICE_MINUTES }
  }
  /** The first office position at or after `ms`. */
  posOf(ms: number): Pos {
    const day = localDayOf(ms, this.zone)
    const k0 = this.cal.ordinal(day)
    if (!this.cal.isWorkday(day)) return { k: k0 + 1, m: 0 }
    const minute = (ms - startOfLocalDay(day, this.zone)) / 60_000
    if (minute < 510) return { k: k0, m: 0 }
    if (minute < 720) return { k: k0, m: Math.ceil(minute - 510) }
    if (minute < 870) return { k: k0, m: MORNING }
    if (minute < 1050) return { k: k0, m: Math.min(OFFICE_MINUTES - 1, MORNING + Math.ceil(minute - 870)) }
    return { k: k0 + 1, m: 0 }
  }
  /** Whether local `day` is a Saturday the windows open (周六不打烊): an ordinary weekend Saturday, not a holiday. */
  isServiceSaturday(day: number): boolean {
    return this.cal.kindOf(day) === 'weekend' && isoDayOfWeek(day) === 6
  }
  /** Office hours, the Saturday windows, or closed (online and hotline only). */
  serviceModeAt(ms: number): ServiceMode {
    const day = localDayOf(ms, this.zone)
    const minute = (ms - startOfLocalDay(day, this.zone)) / 60_000
    if (this.cal.isWorkday(day)) return (minute >= 510 && minute < 720) || (minute >= 870 && minute < 1050) ? 'office' : 'closed'
    return this.isServiceSaturday(day) && minute >= SATURDAY_HOURS.open && minute < SATURDAY_HOURS.close ? 'saturday' : 'closed'
  }
  private iso(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.zone }).toISO({ suppressMilliseconds: true })!
  }

  /**
   * Every event of the cases and petitions arriving on local `day`, in time order: the windows'
   * arrivals in office hours on a working day, walk-ins on a service Saturday morning, and online
   * and hotline arrivals outside office hours on every day.
   */
  planDay(day: number): RawEvent[] {
    const out = this.cal.isWorkday(day) ? this.planOfficeDay(day) : []
    out.push(...this.planOutOfHoursDay(day))
    return out.sort(byTime)
  }

  /** Saturday walk-ins and the online/hotline arrivals of local `day` outside office hours. */
  private planOutOfHoursDay(day: number): RawEvent[] {
    const r = rng(hash(this.o.seed ^ 0x3c3c, day))
    const cases = this.o.casesPerWorkday ?? 150
    const petitions = this.o.petitionsPerWorkday ?? 40
    const start = startOfLocalDay(day, this.zone)
    const date = fromEpochDay(day).replaceAll('-', '')
    const workday = this.cal.isWorkday(day)
    const out: RawEvent[] = []
    const no = (kind: string, i: number) => `${this.prefix}${kind}${date}-${String(i).padStart(4, '0')}`
    if (this.isServiceSaturday(day)) {
      const n = Math.round(cases * SATURDAY_SHARE * (0.8 + 0.4 * r()))
      for (let i = 1; i <= n; i++) {
        const at = start + (SATURDAY_HOURS.open + Math.floor(r() * (SATURDAY_HOURS.close - SATURDAY_HOURS.open - 30))) * 60_000 + Math.floor(r() * 60) * 1000
        out.push(...this.planCase(no('S', i), this.posOf(at), rng(hash(this.o.seed ^ 0x6b6b, day * 10_000 + i)), { at, channel: 'window' }))
      }
    }
    // outside office hours: evenings busiest, a few at night; on days off through the day
    const minuteOff = (): number => workday
      ? (r() < 0.75 ? 1050 + r() * (1440 - 1050) : r() < 0.3 ? r() * 420 : 420 + r() * 90)
      : (r() < 0.85 ? 420 + r() * (1440 - 420) : r() * 420)
    const atOff = (): number => start + Math.floor(minuteOff() * 60) * 1000
    const scale = (workday ? 1 : 0.7) * OUT_OF_HOURS_SHARE
    const nCases = Math.round(cases * scale * (0.8 + 0.4 * r()))
    const nPet = Math.round(petitions * scale * 1.5 * (0.8 + 0.4 * r()))
    for (let i = 1; i <= nCases; i++) {
      const at = atOff()
      out.push(...this.planCase(no('N', i), this.posOf(at), rng(hash(this.o.seed ^ 0x7c7c, day * 10_000 + i)), { at, channel: 'online' }))
    }
    for (let i = 1; i <= nPet; i++) {
      const at = atOff()
      out.push(...this.planPetition(no('PN', i), this.posOf(at), rng(hash(this.o.seed ^ 0x8d8d, day * 10_000 + i)), at))
    }
    return out
  }

  /** The windows' arrivals of a working day, in office hours. */
  private planOfficeDay(day: number): RawEvent[] {
    const r = rng(hash(this.o.seed, day))
    const k = this.cal.ordinal(day)
    const monday = DateTime.fromISO(fromEpochDay(day), { zone: this.zone }).weekday === 1 ? 1.15 : 1
    const nCases = Math.round((this.o.casesPerWorkday ?? 150) * monday * (0.8 + 0.4 * r()))
    const nPet = Math.round((this.o.petitionsPerWorkday ?? 40) * (0.8 + 0.4 * r()))
    const date = fromEpochDay(day).replaceAll('-', '')
    const out: RawEvent[] = []
    // arrivals: mornings busier than afternoons
    const arrival = (): Pos => ({ k, m: r() < 0.6 ? Math.floor(r() * MORNING) : MORNING + Math.floor(r() * (OFFICE_MINUTES - MORNING)) })
    for (let i = 1; i <= nCases; i++) out.push(...this.planCase(`${this.prefix}${date}-${String(i).padStart(4, '0')}`, arrival(), rng(hash(this.o.seed ^ 0x5a5a, day * 10_000 + i))))
    for (let i = 1; i <= nPet; i++) out.push(...this.planPetition(`${this.prefix}P${date}-${String(i).padStart(4, '0')}`, arrival(), rng(hash(this.o.seed ^ 0xa5a5, day * 10_000 + i))))
    return out
  }

  /**
   * One case or petition arriving at `ms` (live mode), deterministic from `n`: at a window in
   * office hours or on a Saturday morning, otherwise online (秒批 or pre-review) or on the hotline.
   */
  planLive(ms: number, n: number, tag: string): RawEvent[] {
    const r = rng(hash(this.o.seed ^ 0x1234, n))
    const pos = this.posOf(ms)
    const mode = this.serviceModeAt(ms)
    const no = `${this.prefix}L${tag}-${String(n).padStart(5, '0')}`
    const petitions = this.o.petitionsPerWorkday ?? 40
    const start: OutOfHoursStart | undefined = mode === 'office' ? undefined : { at: ms, channel: mode === 'saturday' ? 'window' : 'online' }
    const evs = r() < petitions / (petitions + (this.o.casesPerWorkday ?? 150))
      ? this.planPetition(`${no}P`, pos, r, mode === 'office' ? undefined : ms)
      : this.planCase(no, pos, r, start)
    // the first event happens now, the rest keep their office-hour schedule (never before it)
    let prev = 0
    evs.forEach((e, i) => {
      const t = i === 0 ? ms : Math.max(Date.parse(e.occurredAt), prev + 1000)
      e.occurredAt = this.iso(t)
      prev = t
    })
    return evs.sort(byTime)
  }

  /**
   * The events of one case from its arrival at office position `arrive`; or, with `start`, from
   * its arrival outside the office clock (then `arrive` is the next office position).
   */
  planCase(caseNo: string, arrive: Pos, r: Rand, start?: OutOfHoursStart): RawEvent[] {
    const item = weighted(r, this.itemWeights)
    const dept = item.departmentCode
    const out: RawEvent[] = []
    let prev = 0
    let n = 0
    /** An event at an office position, or at an instant (epoch ms). */
    const ev = (kind: EventKind, p: Pos | number, body: Record<string, unknown>, departmentCode = dept) => {
      const t = Math.max(typeof p === 'number' ? p : this.at(p, r), prev + 1000)
      prev = t
      out.push({ eventId: `${caseNo}-${++n}`, kind, occurredAt: this.iso(t), caseNo, departmentCode, body })
      return t
    }
    const who = () => `${pick(r, [...SURNAMES])}${pick(r, HANDLERS)}`
    const applicant = r() < 0.45 ? { name: firm(r), phone: `0751-${between(r, 8100000, 8999999)}` } : person(r, between(r, 1950, 2005))
    let p = arrive
    const submittedAt = ev('submitted', start ? start.at : p, { itemCode: item.code, channel: start ? start.channel : r() < 0.35 ? 'online' : 'window', applicant })
    const minutes = (m: number) => m * 60_000 + Math.floor(r() * 60) * 1000
    const immediate = item.caseType === 'immediate' || item.promisedLimit === 0
    let caseType = item.caseType === 'immediate' || item.caseType === 'joint' || item.caseType === 'escalated' ? item.caseType : 'promised'

    if (start?.channel === 'online') {
      // 秒批: most online 即办件 are approved automatically within minutes, at any hour
      if (immediate && r() < 0.7) {
        const system = AUTO_APPROVAL_HANDLER
        const t = ev('accepted', submittedAt + between(r, 20, 120) * 1000, { itemCode: item.code, caseType: 'immediate', applicant, handler: system })
        ev('stage', t + between(r, 5, 30) * 1000, { stage: 'undertaken', handler: system, opinion: '系统自动核验，材料齐全' })
        ev('stage', t + between(r, 30, 90) * 1000, { stage: 'reviewed', handler: system, opinion: '数据共享核验通过' })
        const approved = ev('stage', t + between(r, 90, 180) * 1000, { stage: 'approved', handler: system, decision: 'approve', opinion: '符合秒批条件，自动批准' })
        if (item.feeStandard > 0) ev('feeCharged', approved + minutes(between(r, 1, 20)), { amount: item.feeStandard, handler: '网上缴费' })
        ev('concluded', approved + minutes(between(r, 2, 25)), { result: 'approved', certificateNo: `${item.code}-${caseNo.slice(-12)}`, handler: system })
        return out
      }
      // 网上预审 within the hour: refused (不予受理), or missing materials asked for and supplied online
      const reviewed = submittedAt + minutes(between(r, 5, 50))
      const x = r()
      if (x < 0.06) {
        ev('returned', reviewed, r() < 0.2 ? { handler: PRE_REVIEW_HANDLER } : { reason: pick(r, RETURN_REASONS), handler: PRE_REVIEW_HANDLER })
        return out
      }
      if (!immediate && x < 0.18) {
        const materials = [pick(r, MATERIALS), pick(r, MATERIALS)].filter((m, i, a) => a.indexOf(m) === i)
        const asked = ev('supplementRequested', reviewed, { materials, handler: PRE_REVIEW_HANDLER })
        ev('supplementSupplied', asked + minutes(between(r, 20, 240)), { materials })
        caseType = 'supplemented'
      }
      // accepted at the next working morning's (or afternoon's) opening
      p = this.add(arrive, between(r, 0, 60))
    } else if (start === undefined) {
      // 不予受理: returned before acceptance
      if (r() < 0.05) {
        ev('returned', (p = this.add(p, between(r, 5, 120))), r() < 0.06 ? { handler: who() } : { reason: pick(r, RETURN_REASONS), handler: who() })
        return out
      }
    }
    // 补办件: materials incomplete at the window, supplied before acceptance
    if (start === undefined && caseType !== 'immediate' && r() < 0.05) {
      const materials = [pick(r, MATERIALS), pick(r, MATERIALS)].filter((x, i, a) => a.indexOf(x) === i)
      ev('supplementRequested', (p = this.add(p, between(r, 5, 30))), { materials, handler: who() })
      ev('supplementSupplied', (p = this.add(p, between(r, 1, 5) * OFFICE_MINUTES + between(r, -100, 100))), { materials })
      caseType = 'supplemented'
    }
    const returnAfter = caseType !== 'immediate' && r() < 0.03
    if (returnAfter) caseType = 'returned'
    const joint = item.caseType === 'joint' ? [dept, ...new Set([pick(r, this.depts), pick(r, this.depts)])].filter((d, i, a) => a.indexOf(d) === i) : undefined
    if (start === undefined) p = this.add(p, between(r, 3, 40))
    // a Saturday walk-in is accepted on the spot; its handling goes on from the next working day
    const acceptedAt = ev('accepted', start?.channel === 'window' ? submittedAt + minutes(between(r, 3, 25)) : p, {
      itemCode: item.code, caseType, applicant, handler: who(),
      ...(joint && joint.length > 1 ? { jointDepartments: joint } : {}),
    })
    const accepted = p
    const wrongFee = r()
    const fee = item.feeStandard > 0
      ? wrongFee < 0.05 ? Math.round(item.feeStandard * (1.2 + r())) : wrongFee < 0.08 ? Math.round(item.feeStandard * 0.5) : item.feeStandard
      : wrongFee < 0.004 ? 50 : 0

    const N = item.promisedLimit
    if (N === 0 || caseType === 'immediate') {
      // 即办件: same day, a few the next working day (late)
      const late = r() < 0.03
      const end: Pos | number = start?.channel === 'window' && !late ? acceptedAt + minutes(between(r, 5, 40))
        : late ? { k: accepted.k + 1, m: between(r, 0, OFFICE_MINUTES - 1) } : { k: accepted.k, m: Math.min(OFFICE_MINUTES - 1, accepted.m + between(r, 5, 90)) }
      if (fee > 0) ev('feeCharged', end, { amount: fee, handler: who() })
      ev('concluded', end, { result: 'approved', certificateNo: `${item.code}-${caseNo.slice(-12)}`, handler: who() })
      return out
    }

    // outcome, in working days after acceptance (deadline day = N; yellow from N+1; red from N+5)
    const o = r()
    const outcome = returnAfter ? 'returned' : o < 0.8 ? 'onTime' : o < 0.9 ? 'late' : o < 0.95 ? 'veryLate' : 'stalled'
    // on time: mostly well before the deadline day, some on it (a warning while open)
    const kc = outcome === 'onTime' ? Math.min(N, Math.floor(N * (0.15 + 0.8 * Math.pow(r(), 1.3))) + (r() < 0.15 ? 1 : 0))
      : outcome === 'late' ? N + between(r, 1, 4)
      : outcome === 'veryLate' ? N + between(r, 5, 15)
      : N + 60
    const endMinute = kc === 0 ? Math.min(OFFICE_MINUTES - 1, accepted.m + between(r, 10, 120)) : between(r, 0, OFFICE_MINUTES - 1)
    const total = Math.max(4, kc * OFFICE_MINUTES + endMinute - accepted.m)
    // points of the handling path, as fractions of `total`, shifted by pauses that stop the clock
    let pause = 0
    const pos = (f: number): Pos => this.add(accepted, f * total + pause)
    ev('stage', pos(0.1 + 0.15 * r()), { stage: 'undertaken', handler: who(), opinion: '材料齐全，同意承办' })
    if (outcome === 'returned') {
      ev('returned', pos(0.3 + 0.3 * r()), { reason: pick(r, RETURN_REASONS), handler: who() })
      return out
    }
    if (r() < 0.1) {
      const fReq = 0.3 + 0.05 * r()
      const materials = [pick(r, MATERIALS), pick(r, MATERIALS)].filter((x, i, a) => a.indexOf(x) === i)
      ev('supplementRequested', pos(fReq), { materials, handler: who() })
      if (r() < 0.15) ev('supplementRequested', pos(fReq + 0.05), { materials: [pick(r, MATERIALS)], handler: who() })
      if (r() < 0.06) return out // never supplied
      const wait = between(r, 1, 6) * OFFICE_MINUTES + between(r, 0, 200)
      pause += wait + fReq * total // restart: the clock counts again from the day of supply
      ev('supplementSupplied', pos(fReq), { materials })
    }
    if (outcome === 'stalled' && r() < 0.5) return out
    ev('stage', pos(0.4 + 0.2 * r()), { stage: 'reviewed', handler: who(), opinion: caseType === 'escalated' ? '审核通过，报上级审批' : '审核通过' })
    if (item.specialProcedure && r() < 0.3) {
      const expectedDays = between(r, 3, 15)
      const actual = Math.max(1, Math.round(expectedDays * (0.6 + Math.pow(r(), 3) * 1.5)))
      const f = 0.62 + 0.05 * r()
      ev('suspended', pos(f), { procedure: pick(r, PROCEDURES), expectedDays, approver: `${pick(r, [...SURNAMES])}分管领导`, reason: '依法需要专家评审/现场核查' })
      if (r() < 0.04) return out // still suspended
      pause += actual * OFFICE_MINUTES
      ev('resumed', pos(f), { handler: who() })
    }
    if (outcome === 'stalled') return out
    const deny = r() < 0.04
    ev('stage', pos(0.75 + 0.2 * r()), { stage: 'approved', handler: who(), decision: deny ? 'deny' : 'approve', opinion: deny ? pick(r, DENY_REASONS) : '同意' })
    if (!deny && fee > 0) ev('feeCharged', pos(0.98), { amount: fee, handler: who() })
    const parts = joint && joint.length > 1 ? joint : [dept]
    for (const d of parts) {
      ev('concluded', pos(1), deny
        ? { result: 'denied', reason: pick(r, DENY_REASONS), handler: who() }
        : { result: 'approved', certificateNo: `${item.code}-${caseNo.slice(-12)}`, handler: who() }, d)
    }
    return out
  }

  /**
   * The events of one petition from its receipt at office position `arrive`; or, with
   * `receivedAt`, received then outside office hours (hotline or online) and handled from `arrive`.
   */
  planPetition(petitionNo: string, arrive: Pos, r: Rand, receivedAt?: number): RawEvent[] {
    const kind = weighted<PetitionKind>(r, [['consultation', 40], ['complaint', 22], ['mailbox', 12], ['efficiencyComplaint', 8], ['petition', 18]])
    const dept = pick(r, this.depts)
    const out: RawEvent[] = []
    let prev = 0
    let n = 0
    const ev = (k: EventKind, p: Pos | number, body: Record<string, unknown>) => {
      const t = Math.max(typeof p === 'number' ? p : this.at(p, r), prev + 1000)
      prev = t
      out.push({ eventId: `${petitionNo}-${n++ + 1}`, kind: k, occurredAt: this.iso(t), petitionNo, departmentCode: dept, body })
      return t
    }
    const who = () => `${pick(r, [...SURNAMES])}${pick(r, ['科员', '股长', '主任'])}`
    let p = arrive
    const channel = pick(r, (receivedAt === undefined ? CHANNELS : OUT_OF_HOURS_CHANNELS)[kind])
    const received = ev('petition.received', receivedAt ?? p, { petitionKind: kind, channel, subject: pick(r, SUBJECTS[kind]), citizen: person(r, between(r, 1950, 2005)) })
    if (receivedAt !== undefined && kind === 'consultation' && channel === '12345热线' && r() < 0.7) {
      // the hotline answers most consultations on the call, at any hour
      const s = (lo: number, hi: number) => between(r, lo, hi) * 1000
      const assigned = ev('petition.assigned', received + s(30, 120), { handler: HOTLINE_HANDLER, assignee: dept })
      const replied = ev('petition.replied', assigned + s(60, 600), { handler: HOTLINE_HANDLER, reply: '已按政策口径当场答复来电人' })
      const closed = ev('petition.closed', replied + s(30, 300), { result: '办结', handler: HOTLINE_HANDLER })
      if (r() < 0.7) ev('petition.rated', closed + s(60, 1800), { rating: weighted(r, [[5, 55], [4, 25], [3, 10], [2, 6], [1, 4]]) })
      return out
    }
    const handler = who()
    ev('petition.assigned', (p = this.add(p, between(r, 5, 120))), { handler, assignee: dept })
    const limits = DEFAULT_PETITION_LIMITS[kind]
    const toWorkdays = (l: { value: number; unit: string }) => (l.unit === 'day' ? Math.floor((l.value * 5) / 7) : l.value)
    if (limits.acknowledge) {
      const a = toWorkdays(limits.acknowledge)
      const late = r() < 0.06
      ev('petition.acknowledged', (p = { k: p.k + (late ? a + between(r, 1, 6) : between(r, 1, Math.max(1, a - 2))), m: between(r, 0, OFFICE_MINUTES - 1) }), { handler })
    }
    const L = toWorkdays(limits.conclude)
    const o = r()
    if (o > 0.95) return out // still open
    const kr = o < 0.85 ? Math.min(L, Math.max(kind === 'consultation' ? 0 : 1, Math.floor(L * (0.1 + 0.85 * Math.pow(r(), 1.3))))) : L + between(r, 1, 8)
    const replyAt: Pos = { k: arrive.k + kr, m: kr === 0 ? Math.min(OFFICE_MINUTES - 1, arrive.m + between(r, 30, 180)) : between(r, 0, OFFICE_MINUTES - 1) }
    ev('petition.replied', replyAt, { handler, reply: '已调查核实并答复来访人（来电人）' })
    ev('petition.closed', (p = this.add(replyAt, between(r, 10, 2 * OFFICE_MINUTES))), { result: '办结', handler })
    if (r() < 0.7) ev('petition.rated', this.add(p, between(r, 10, 3 * OFFICE_MINUTES)), { rating: weighted(r, [[5, 50], [4, 25], [3, 12], [2, 8], [1, 5]]) })
    return out
  }
}

const byTime = (a: RawEvent, b: RawEvent) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)

/**
 * The last `days` local days up to and including today's: the events that have happened by
 * `nowMs` (`past`, in time order) and those planned after it (`future`, for live mode).
 */
export function generateBackfill(opts: SimOptions & { nowMs: number; days: number }): { past: RawEvent[]; future: RawEvent[] } {
  const sim = new Simulator(opts)
  const today = localDayOf(opts.nowMs, sim.zone)
  const past: RawEvent[] = []
  const future: RawEvent[] = []
  for (let d = today - opts.days + 1; d <= today; d++) {
    for (const e of sim.planDay(d)) (Date.parse(e.occurredAt) <= opts.nowMs ? past : future).push(e)
  }
  return { past: past.sort(byTime), future: future.sort(byTime) }
}
