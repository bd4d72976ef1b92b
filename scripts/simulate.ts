/**
 * Posts a realistic stream of 浈江区 cases and petitions through the public ingest API.
 *
 *   npm run simulate -- [--backfill-days 30] [--live] [--rate 60] [--duration 10] [--seed 1]
 *
 * BASE_URL (default http://127.0.0.1:$PORT, 8080); the API key from SIMULATOR_KEY or .data/simulator-key
 * (written by `npm run seed`). --backfill-days posts the events of the last n days (past
 * timestamps) as fast as the API takes them; --live then keeps posting: the backfilled cases'
 * later steps as they fall due, plus new arrivals so that about --rate events per minute flow.
 * Live and backfilled arrivals alike follow the district's service hours: windows in office hours
 * and on Saturday mornings (周六不打烊), online applications (秒批, or pre-review and acceptance the
 * next working morning) and the 12345 hotline at any hour — so the wall moves whenever the demo runs.
 * The generator is domain/simulation (pure); this file is only I/O. SIGINT/SIGTERM stop it cleanly.
 */
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { cnWorkCalendar } from '../domain/calendar/cnWorkCalendar.ts'
import type { RawEvent } from '../domain/events/fixtures.ts'
import { batchBySubject, generateBackfill, Simulator, type SimOptions } from '../domain/simulation/generate.ts'
import { loadDistrictData, SIMULATOR_KEY_FILE } from './seed.ts'

const BATCH = 500

function options() {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '60' }, duration: { type: 'string' }, seed: { type: 'string', default: '1' },
      'backfill-days': { type: 'string', default: '0' }, live: { type: 'boolean', default: false },
      'cases-per-day': { type: 'string', default: '150' }, 'petitions-per-day': { type: 'string', default: '40' },
    },
  })
  const num = (name: string, v: string | undefined, min: number) => {
    const n = Number(v)
    if (!Number.isFinite(n) || n < min) {
      process.stderr.write(`--${name} must be a number ≥ ${min}\n`)
      process.exit(2)
    }
    return n
  }
  return {
    rate: num('rate', values.rate, 0.1), duration: values.duration === undefined ? Infinity : num('duration', values.duration, 0),
    seed: Math.floor(num('seed', values.seed, 0)), backfillDays: Math.floor(num('backfill-days', values['backfill-days'], 0)), live: values.live ?? false,
    casesPerDay: num('cases-per-day', values['cases-per-day'], 0), petitionsPerDay: num('petitions-per-day', values['petitions-per-day'], 0),
  }
}

function apiKey(): string {
  const env = process.env.SIMULATOR_KEY?.trim()
  if (env) return env
  if (existsSync(SIMULATOR_KEY_FILE)) return readFileSync(SIMULATOR_KEY_FILE, 'utf8').trim()
  process.stderr.write('no API key: run `npm run seed` (writes .data/simulator-key) or set SIMULATOR_KEY\n')
  process.exit(2)
}

let stopping = false
const totals = { posted: 0, accepted: 0, duplicates: 0, rejected: 0 }

async function post(base: string, key: string, events: RawEvent[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(events) })
      if (res.status === 202) {
        const b = (await res.json()) as { accepted: number; duplicates: number; rejected: number; results: Array<{ status: string; eventId: string; code?: string; message?: string }> }
        totals.posted += events.length
        totals.accepted += b.accepted
        totals.duplicates += b.duplicates
        totals.rejected += b.rejected
        const bad = b.results.find((x) => x.status === 'rejected')
        if (bad) process.stderr.write(`rejected ${bad.eventId}: ${bad.code} ${bad.message ?? ''}\n`)
        return
      }
      const text = await res.text()
      if (res.status < 500 && res.status !== 429) throw new Error(`ingest answered ${res.status}: ${text.slice(0, 300)}`)
      if (attempt >= 5 || stopping) throw new Error(`ingest answered ${res.status} after ${attempt + 1} attempts`)
    } catch (err) {
      if ((err as Error).message.startsWith('ingest answered') || attempt >= 5 || stopping) throw err
    }
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt))
  }
}

async function main(): Promise<void> {
  const o = options()
  const base = (process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`).replace(/\/$/, '')
  const key = apiKey()
  const { items, departments } = loadDistrictData()
  const sim: SimOptions = { seed: o.seed, items, departments: departments.map((d) => d.code), calendar: cnWorkCalendar(), casesPerWorkday: o.casesPerDay, petitionsPerWorkday: o.petitionsPerDay }
  let pending: RawEvent[] = []
  if (o.backfillDays > 0) {
    const { past, future } = generateBackfill({ ...sim, nowMs: Date.now(), days: o.backfillDays })
    process.stdout.write(`backfill: ${past.length} events over ${o.backfillDays} days\n`)
    for (const batch of batchBySubject(past, BATCH)) {
      if (stopping) break
      await post(base, key, batch)
    }
    process.stdout.write(`backfill posted: ${JSON.stringify(totals)}\n`)
    pending = future
  }
  if (!o.live || stopping) return
  const generator = new Simulator(sim)
  const started = Date.now()
  const tag = started.toString(36)
  let n = 0
  let budget = 0
  let last = started
  process.stdout.write(`live: about ${o.rate} events/min${Number.isFinite(o.duration) ? ` for ${o.duration} min` : ''}; Ctrl-C stops\n`)
  while (!stopping && Date.now() - started < o.duration * 60_000) {
    const now = Date.now()
    budget = Math.min(budget + ((now - last) / 60_000) * o.rate, Math.max(1, o.rate / 6))
    last = now
    const due: RawEvent[] = []
    while (pending.length && Date.parse(pending[0]!.occurredAt) <= now && due.length < Math.max(1, Math.floor(budget))) due.push(pending.shift()!)
    // top up with new arrivals when the planned stream is quieter than --rate
    while (budget - due.length >= 1 && due.length < BATCH) {
      const evs = generator.planLive(now, ++n, tag)
      const first = evs.filter((e) => Date.parse(e.occurredAt) <= now)
      due.push(...first)
      const later = evs.filter((e) => Date.parse(e.occurredAt) > now)
      if (later.length) pending = [...pending, ...later].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt))
      if (first.length === 0) break
    }
    budget -= due.length
    if (due.length) await post(base, key, due)
    await new Promise((r) => setTimeout(r, 1000))
  }
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) process.exit(0)
    stopping = true
  })
}

main()
  .then(() => {
    process.stdout.write(`simulator done: ${JSON.stringify(totals)}\n`)
    process.exit(0)
  })
  .catch((err: unknown) => {
    if (stopping) {
      process.stdout.write(`simulator stopped: ${JSON.stringify(totals)}\n`)
      process.exit(0)
    }
    process.stderr.write(`simulate failed: ${(err as Error).message}\n`)
    process.exit(1)
  })
