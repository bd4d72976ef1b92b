import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle, petitionLifecycle, type RawEvent } from '../../domain/events/fixtures.ts'
import { createHarness, createKey, DEPTS, type Harness } from '../../test/harness.ts'
import { eventsToXml } from '../../test/xml.ts'

let h: Harness
const T0 = Date.UTC(2025, 9, 9, 1, 0, 0)

beforeAll(async () => {
  h = await createHarness()
})
afterAll(async () => {
  await h?.close()
})

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key, ...headers }, payload: payload as string })

const storedEvents = async (where = 'true', params: unknown[] = []) =>
  (
    await h.db.pool.query(
      `SELECT source, event_id, occurred_at, case_no, petition_no, department_code, kind, body FROM events WHERE ${where} ORDER BY event_id`,
      params,
    )
  ).rows

describe('POST /api/v1/events (JSON)', () => {
  it('stores a batch, acknowledges each event, and reports re-sent events as duplicates without storing them twice', async () => {
    const batch = [...caseLifecycle('IDEM-1', DEPTS[0], T0, { supplement: true }), ...petitionLifecycle('PET-1', DEPTS[1], T0)]
    const first = await post(batch)
    expect(first.statusCode).toBe(202)
    const a = first.json()
    expect(a.accepted).toBe(batch.length)
    expect(a.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true)
    await h.waitProjected()
    const caseBefore = (await h.db.pool.query('SELECT state, version FROM cases WHERE case_no = $1', ['IDEM-1'])).rows[0]

    const second = await post(batch)
    expect(second.statusCode).toBe(202)
    const b = second.json()
    expect(b.accepted).toBe(0)
    expect(b.duplicates).toBe(batch.length)
    const n = await h.db.pool.query(`SELECT count(*)::int AS n FROM events WHERE case_no = 'IDEM-1' OR petition_no = 'PET-1'`)
    expect(n.rows[0].n).toBe(batch.length)
    await h.waitProjected()
    const caseAfter = (await h.db.pool.query('SELECT state, version FROM cases WHERE case_no = $1', ['IDEM-1'])).rows[0]
    expect(caseAfter).toEqual(caseBefore)
    const pet = (await h.db.pool.query('SELECT status, rating FROM petitions WHERE petition_no = $1', ['PET-1'])).rows[0]
    expect(pet).toEqual({ status: 'closed', rating: 4 })
  })

  it('reports a duplicate inside one batch and stores the event once', async () => {
    const [e] = caseLifecycle('DUPB-1', DEPTS[0], T0)
    const res = await post([e, e])
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'duplicate'])
  })

  it('stores the valid events of a mixed batch and reports each invalid one with a code', async () => {
    const good = caseLifecycle('MIX-1', DEPTS[0], T0).slice(0, 2)
    const bad: unknown[] = [
      { ...good[0], eventId: 'MIX-bad-kind', kind: 'teleported' },
      { ...good[0], eventId: 'MIX-bad-date', occurredAt: '2025-02-30T10:00:00+08:00' },
      { ...good[0], eventId: 'MIX-no-offset', occurredAt: '2025-10-09T10:00:00' },
      { ...good[0], eventId: 'MIX-missing', departmentCode: undefined },
      { ...good[0], eventId: 'MIX-unknown-dept', departmentCode: 'NOPE' },
      { ...good[1], eventId: 'MIX-bad-body', body: { itemCode: 'X', caseType: 'promised' } },
      { ...good[0], eventId: 'MIX-future', occurredAt: '2099-01-01T00:00:00Z' },
      { ...good[0], eventId: 'MIX-both', petitionNo: 'P' },
      42,
    ]
    const res = await post([...good, ...bad])
    expect(res.statusCode).toBe(202)
    const body = res.json()
    expect(body.accepted).toBe(2)
    expect(body.rejected).toBe(bad.length)
    expect(body.results.slice(2).map((r: { code: string }) => r.code)).toEqual([
      'UNKNOWN_KIND', 'INVALID_DATE', 'INVALID_DATE', 'VALIDATION_FAILED', 'UNKNOWN_DEPARTMENT', 'VALIDATION_FAILED', 'DATE_OUT_OF_RANGE', 'MISSING_SUBJECT', 'VALIDATION_FAILED',
    ])
    for (const r of body.results.slice(2)) {
      expect(r.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(typeof r.messageEn).toBe('string')
    }
    expect(await storedEvents(`event_id LIKE 'MIX-%'`)).toHaveLength(2)
  })

  it('answers a single invalid event with a 4xx and stores nothing', async () => {
    const [e] = caseLifecycle('BAD-1', DEPTS[0], T0)
    const res = await post({ ...e, kind: 'nope' })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('UNKNOWN_KIND')
    expect(await storedEvents(`case_no = 'BAD-1'`)).toHaveLength(0)
  })

  it('refuses malformed JSON, an oversized body, an empty batch, an over-long batch, and a wrong content type', async () => {
    const malformed = await post('{"eventId": ', { 'content-type': 'application/json' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().code).toBe('INVALID_JSON')

    const huge = await post(JSON.stringify([{ pad: 'x'.repeat(10 * 1024 * 1024) }]), { 'content-type': 'application/json' })
    expect(huge.statusCode).toBe(413)
    expect(huge.json().code).toBe('BODY_TOO_LARGE')

    const empty = await post([])
    expect(empty.statusCode).toBe(400)
    expect(empty.json().code).toBe('EMPTY_BATCH')

    const [e] = caseLifecycle('LONG', DEPTS[0], T0)
    const tooMany = await post(Array.from({ length: 1001 }, (_, i) => ({ ...e, eventId: `LONG-${i}` })))
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json().code).toBe('BATCH_TOO_LARGE')

    const text = await post('hello', { 'content-type': 'text/plain' })
    expect(text.statusCode).toBe(415)
    expect(await storedEvents(`event_id LIKE 'LONG-%'`)).toHaveLength(0)

    const alive = await h.app.inject({ method: 'GET', url: '/healthz' })
    expect(alive.statusCode).toBe(200)
  })

  it('requires a valid API key and limits a key to its departments and its source', async () => {
    const [e] = caseLifecycle('KEY-1', DEPTS[0], T0)
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/events', payload: e })).statusCode).toBe(401)
    expect((await post(e, { 'x-api-key': 'sk_000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(401)

    const limited = await createKey(h.db.pool, 'window-zjj', [DEPTS[1]])
    const forbidden = await post(e, { 'x-api-key': limited })
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json().code).toBe('DEPARTMENT_FORBIDDEN')
    const allowed = await post({ ...e, eventId: 'KEY-1-zjj', departmentCode: DEPTS[1] }, { 'x-api-key': limited })
    expect(allowed.statusCode).toBe(202)

    const spoofed = await post({ ...e, eventId: 'KEY-1-spoof', source: 'someone-else' })
    expect(spoofed.statusCode).toBe(403)
    expect(spoofed.json().code).toBe('SOURCE_MISMATCH')
    expect(await storedEvents(`case_no = 'KEY-1'`)).toEqual([expect.objectContaining({ event_id: 'KEY-1-zjj', source: 'window-zjj' })])
  })
})

describe('POST /api/v1/events (XML)', () => {
  const xml = (events: RawEvent[]) => eventsToXml(events, 'test-source')

  it('stores exactly what the same events as JSON store', async () => {
    const asJson = caseLifecycle('XJ-1', DEPTS[0], T0, { supplement: true, suspend: true, fee: 12.5 })
    const asXml = asJson.map((e) => ({ ...e, caseNo: 'XJ-2', eventId: e.eventId.replace('XJ-1', 'XJ-2') }))
    expect((await post(asJson)).statusCode).toBe(202)
    const res = await post(xml(asXml), { 'content-type': 'application/xml' })
    expect(res.statusCode).toBe(202)
    expect(res.json().accepted).toBe(asXml.length)
    const strip = (rows: Record<string, unknown>[]) =>
      rows.map((r) => ({ ...r, case_no: null, event_id: String(r.event_id).replace(/^XJ-\d/, '') }))
    expect(strip(await storedEvents(`case_no = 'XJ-2'`))).toEqual(strip(await storedEvents(`case_no = 'XJ-1'`)))
  })

  it('refuses a DTD, entity declarations, malformed XML, deep nesting and a wrong root', async () => {
    const cases: [string, string][] = [
      ['<?xml version="1.0"?><!DOCTYPE Package [<!ENTITY x "boom">]><Package><Head/><Body/></Package>', 'XML_DTD_FORBIDDEN'],
      ['<Package><Head><Source>&x;</Source></Head><Body><Event><EventId>a</Event></Body></Package>', 'INVALID_XML'],
      [`<Package><Head/><Body>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</Body></Package>`, 'XML_TOO_DEEP'],
      ['<Other><Head/><Body/></Other>', 'INVALID_XML'],
      ['<Package><Head/><Body></Body></Package>', 'EMPTY_BATCH'],
    ]
    for (const [doc, code] of cases) {
      const res = await post(doc, { 'content-type': 'application/xml' })
      expect(res.statusCode, doc).toBeGreaterThanOrEqual(400)
      expect(res.statusCode, doc).toBeLessThan(500)
      expect(res.json().code, doc).toBe(code)
    }
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })
})

describe('ops endpoints', () => {
  it('serves readiness, metrics and the OpenAPI document', async () => {
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' })
    // simulatedData: the harness's server runs without SIMULATED_DATA (the newcomer browser test runs with it)
    expect(ready.json()).toEqual({ status: 'ready', postgres: 'up', redis: 'up', simulatedData: false })
    const metrics = await h.app.inject({ method: 'GET', url: '/metrics' })
    expect(metrics.body).toMatch(/supervision_ingest_events_total\{status="accepted"\} \d+/)
    expect(metrics.body).toContain('supervision_queue_depth')
    const doc = await h.app.inject({ method: 'GET', url: '/docs/json' })
    expect(doc.json().paths['/api/v1/events']).toBeDefined()
  })
})
