/**
 * The 浈江区 seed and a 30-day simulated backfill through the public ingest API: every event is
 * accepted, and once projected the levels, cards and outcomes fall in plausible ranges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cnWorkCalendar } from '../domain/calendar/cnWorkCalendar.ts'
import { batchBySubject, generateBackfill } from '../domain/simulation/generate.ts'
import { createHarness, type Harness } from '../test/harness.ts'
import { ensureSimulatorKey, loadDistrictData, seedDistrict } from './seed.ts'

let h: Harness
const data = loadDistrictData()

beforeAll(async () => {
  h = await createHarness()
})
afterAll(async () => {
  await h?.close()
})

describe('seed', () => {
  it('upserts the district idempotently and keeps one simulator key in a mode-600 file', async () => {
    const first = await seedDistrict(h.db.pool)
    await seedDistrict(h.db.pool)
    expect(first).toEqual({ jurisdictions: 3, departments: 62, items: data.items.length })
    const q = async (t: string) => Number((await h.db.pool.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n)
    expect(await q('jurisdictions')).toBe(3)
    expect(await q(`departments WHERE jurisdiction_code = '440204'`)).toBe(62)
    expect(await q('items')).toBeGreaterThanOrEqual(150)
    const j = (await h.db.pool.query(`SELECT name, level, parent_code FROM jurisdictions WHERE code = '440204'`)).rows[0]
    expect(j).toEqual({ name: '浈江区', level: 'county', parent_code: '440200' })
    const towns = (await h.db.pool.query(`SELECT division_code FROM departments WHERE kind IN ('town', 'street') ORDER BY division_code`)).rows.map((r) => r.division_code)
    expect(towns).toEqual(['440204001', '440204002', '440204008', '440204100', '440204101', '440204102', '440204103', '440204104'])

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'simkey-')), 'simulator-key')
    expect(await ensureSimulatorKey(h.db.pool, file)).toBe(true)
    const key = readFileSync(file, 'utf8')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(await ensureSimulatorKey(h.db.pool, file)).toBe(false)
    expect(readFileSync(file, 'utf8')).toBe(key)
  })
})

describe('30-day simulated backfill', () => {
  it('is accepted in full and projects to plausible levels, cards and outcomes', async () => {
    await seedDistrict(h.db.pool)
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'simkey-')), 'simulator-key')
    await ensureSimulatorKey(h.db.pool, file)
    const key = readFileSync(file, 'utf8').trim()
    const nowMs = Date.now()
    const { past } = generateBackfill({ seed: 20251009, items: data.items, departments: data.departments.map((d) => d.code), calendar: cnWorkCalendar(), nowMs, days: 30, casesPerWorkday: 40, petitionsPerWorkday: 10 })
    let accepted = 0
    let rejected = 0
    const rejections: string[] = []
    for (const batch of batchBySubject(past, 500)) {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': key }, payload: batch })
      expect(res.statusCode).toBe(202)
      const b = res.json()
      accepted += b.accepted
      rejected += b.rejected
      for (const r of b.results) if (r.status === 'rejected' && rejections.length < 5) rejections.push(`${r.eventId} ${r.code} ${r.message}`)
    }
    expect(rejections).toEqual([])
    expect(rejected).toBe(0)
    expect(accepted).toBe(past.length)
    await h.waitProjected(120_000)

    const one = async (text: string) => (await h.db.pool.query(text)).rows[0]
    const c = await one(`SELECT count(*)::int AS cases,
        count(*) FILTER (WHERE accepted_at IS NOT NULL)::int AS accepted,
        count(*) FILTER (WHERE accepted_at IS NOT NULL AND (level IN ('yellow', 'red') OR level = 'warning' AND concluded_at IS NULL AND returned_at IS NULL))::int AS warned,
        count(*) FILTER (WHERE accepted_at IS NOT NULL AND level = 'red')::int AS red,
        count(*) FILTER (WHERE accepted_at IS NOT NULL AND level = 'yellow')::int AS yellow,
        count(*) FILTER (WHERE status = 'concluded')::int AS concluded,
        count(*) FILTER (WHERE status = 'concluded' AND level IN ('normal', 'warning'))::int AS concluded_on_time,
        count(*) FILTER (WHERE status = 'returned')::int AS returned
      FROM cases JOIN case_clocks USING (case_no) WHERE case_no LIKE '440204-S%'`)
    const cards = await one(`SELECT count(*) FILTER (WHERE color = 'yellow')::int AS yellow, count(*) FILTER (WHERE color = 'red')::int AS red, count(*) FILTER (WHERE color IS NULL)::int AS revocations FROM cards`)
    const byRule = (await h.db.pool.query(`SELECT rule, color, count(*)::int AS n FROM cards GROUP BY 1, 2 ORDER BY 1, 2`)).rows
    const p = await one(`SELECT count(*)::int AS petitions, count(DISTINCT petition_kind)::int AS kinds, count(*) FILTER (WHERE level <> 'normal')::int AS warned FROM petitions`)
    const byLevel = (await h.db.pool.query(`SELECT status, level, count(*)::int AS n FROM cases JOIN case_clocks USING (case_no) GROUP BY 1, 2 ORDER BY 1, 2`)).rows
    const kinds = (await h.db.pool.query(`SELECT kind, count(*)::int AS n FROM events GROUP BY 1 ORDER BY 1`)).rows
    console.log(JSON.stringify({ events: past.length, cases: c, cards, byRule, petitions: p, byLevel, kinds }))

    expect(c.cases).toBeGreaterThan(300)
    // at warning or worse: open cases at warning, any case at yellow or red
    expect(c.warned / c.accepted).toBeGreaterThanOrEqual(0.05)
    expect(c.warned / c.accepted).toBeLessThanOrEqual(0.4)
    expect(c.red).toBeGreaterThan(0)
    expect(c.red / c.accepted).toBeLessThan(0.15)
    // concluded within the limit (an immediate case stays at 'warning' all of its one day)
    expect(c.concluded_on_time / c.accepted).toBeGreaterThan(0.5)
    expect(c.returned / c.cases).toBeGreaterThan(0.02)
    expect(c.returned / c.cases).toBeLessThan(0.2)
    expect(cards.yellow).toBeGreaterThan(0)
    expect(cards.red).toBeGreaterThan(0)
    // each case is posted whole, so no card was issued on a partial history and then revoked
    expect(cards.revocations).toBe(0)
    expect(p.kinds).toBe(5)
    expect(p.warned / p.petitions).toBeLessThan(0.4)
  })
})
