/**
 * Personal data never reaches the logs (issue 14): the ingest (JSON and XML, accepted and rejected
 * events), the console (lists, a case, its "why", its process, unmasked reads and the export) and
 * the approval window (register, accept) run with known applicants' names, 18-digit ID numbers
 * and mobile numbers; every line the server's logger (at `trace`, its most talkative level) and
 * the workers wrote is then scanned for them.
 */
import { Writable } from 'node:stream'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle, petitionLifecycle } from '../../domain/events/fixtures.ts'
import { buildApp } from '../app.ts'
import { startWorkers, type RunningWorkers } from '../../workers/main.ts'
import { redisUrl } from '../../test/db.ts'
import { createHarness, createUser, DEPTS, JURISDICTION, openSession, type Harness, type TestSession } from '../../test/harness.ts'
import { seedWindowItems, WINDOW_ITEMS } from '../../test/window-fixtures.ts'
import { eventsToXml } from '../../test/xml.ts'

const PEOPLE = [
  { name: '欧阳娜娜', idNumber: '44020419880312437X', phone: '13912345678' },
  { name: '司马相如', idNumber: '440204197505051236', phone: '18688886666' },
  { name: '上官婉儿', idNumber: '440204200001019871', phone: '15011112222' },
  { name: '诸葛明亮', idNumber: '440204199912310019', phone: '17755554444' },
]
const CITIZEN = { name: '东方既白', phone: '13700001234' }
const SECRETS = [...PEOPLE.flatMap((p) => [p.name, p.idNumber, p.phone]), CITIZEN.name, CITIZEN.phone]

const lines: string[] = []
const capture = new Writable({
  write(chunk: Buffer, _enc, cb) {
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(l)
    cb()
  },
})

let h: Harness
let app: FastifyInstance
let workers: RunningWorkers
let sup: TestSession
let staff: TestSession
const T0 = Date.UTC(2026, 10, 2, 1)

beforeAll(async () => {
  h = await createHarness({ withWorkers: false, security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await seedWindowItems(h.db.pool)
  app = await buildApp(
    { databaseUrl: h.db.url, redisUrl: redisUrl(), host: '127.0.0.1', port: 0, queuePrefix: h.prefix, bodyLimit: 5 * 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'trace', dashboardDir: null, security: { rateLimit: { enabled: false } } },
    { logger: { level: 'trace', stream: capture } },
  )
  await app.ready()
  workers = await startWorkers({ databaseUrl: h.db.url, redisUrl: redisUrl(), prefix: h.prefix, concurrency: 2, recoveryEveryMs: 60_000, recoveryMinAgeMs: 10_000, log: (m) => lines.push(`[worker] ${m}`) })
  sup = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'sup.pii', roles: ['supervisor'], jurisdictionCode: JURISDICTION }))
  staff = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'win.pii', displayName: '窗口甲', roles: ['department_staff'], departmentCode: DEPTS[0] }))
})
afterAll(async () => {
  await workers?.close()
  await app?.close()
  await h?.close()
})

const withApplicant = (caseNo: string, person: (typeof PEOPLE)[number]) =>
  caseLifecycle(caseNo, DEPTS[0], T0).map((e) => (e.kind === 'accepted' ? { ...e, body: { ...e.body, applicant: person } } : e))

describe('personal data in logs', () => {
  it('is never written, whatever ingest, the console and the window do', { timeout: 60_000 }, async () => {
    const inject = (o: InjectOptions) => app.inject(o)
    // ingest: JSON (accepted, duplicate, rejected for several reasons), XML, a petition with a citizen
    const batch = [
      ...withApplicant('PII-1', PEOPLE[0]!),
      { ...withApplicant('PII-1', PEOPLE[0]!)[1]!, eventId: 'PII-bad-1', body: { itemCode: 'X', caseType: 'promised', applicant: { ...PEOPLE[0]!, name: `${PEOPLE[0]!.name}\u0000` } } },
      { ...withApplicant('PII-1', PEOPLE[0]!)[1]!, eventId: 'PII-bad-2', body: { itemCode: 'X', caseType: 'promised', applicant: { ...PEOPLE[0]!, phone: PEOPLE[0]!.phone.repeat(5) } } },
      { ...withApplicant('PII-1', PEOPLE[0]!)[1]!, eventId: 'PII-bad-3', occurredAt: PEOPLE[0]!.idNumber },
      ...petitionLifecycle('PII-P1', DEPTS[0], T0).map((e) => (e.kind === 'petition.received' ? { ...e, body: { ...e.body, citizen: CITIZEN } } : e)),
    ]
    const json = await inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: batch })
    expect(json.statusCode).toBe(202)
    expect(json.json().rejected).toBe(3)
    expect((await inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: batch })).statusCode).toBe(202)
    const xml = await inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key, 'content-type': 'application/xml' }, payload: eventsToXml(withApplicant('PII-2', PEOPLE[1]!), 'test-source') })
    expect(xml.statusCode).toBe(202)
    // a single rejected event (4xx), and a malformed body holding personal data
    expect((await inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: { ...batch[1]!, eventId: 'PII-bad-4', kind: 'teleported' } })).statusCode).toBe(400)
    expect((await inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key, 'content-type': 'application/json' }, payload: `{"applicant": {"name": "${PEOPLE[2]!.name}", "idNumber": "${PEOPLE[2]!.idNumber}"` })).statusCode).toBe(400)

    // the window: register and accept a case with an applicant
    const reg = await inject({ method: 'POST', url: '/api/v1/window/cases', headers: staff.headers, payload: { itemCode: WINDOW_ITEMS.promised.code, applicant: PEOPLE[3]! } })
    expect(reg.statusCode).toBe(201)
    const winNo = (reg.json() as { caseNo: string }).caseNo
    expect((await inject({ method: 'POST', url: `/api/v1/window/cases/${winNo}/accept`, headers: staff.headers, payload: {} })).statusCode).toBe(201)
    // a refused window action and a bad register carrying personal data
    expect((await inject({ method: 'POST', url: '/api/v1/window/cases', headers: staff.headers, payload: { itemCode: 'NOPE', applicant: PEOPLE[3]! } })).statusCode).toBeGreaterThanOrEqual(400)

    await h.waitProjected(30_000)

    // the console: lists (masked and unmasked), search, a case, why, process, export, petitions
    for (const url of [
      '/api/v1/cases', '/api/v1/cases?unmask=true', `/api/v1/cases?q=PII`, '/api/v1/cases/PII-1', '/api/v1/cases/PII-1?unmask=true', '/api/v1/cases/PII-1/explain',
      '/api/v1/cases/PII-1/process', `/api/v1/cases/${winNo}?unmask=true`, '/api/v1/cases/export?format=csv&unmask=true', '/api/v1/cases/export?format=xlsx',
      '/api/v1/petitions?unmask=true', '/api/v1/petitions/PII-P1?unmask=true', '/api/v1/console/filters',
    ]) {
      const res = await inject({ method: 'GET', url, headers: sup.headers })
      expect(res.statusCode, url).toBe(200)
    }
    // the unmasked answers did carry the data (so the scan below is meaningful)
    expect((await inject({ method: 'GET', url: '/api/v1/cases/PII-1?unmask=true', headers: sup.headers })).body).toContain(PEOPLE[0]!.idNumber)
    // a login attempt with a phone number as the login name
    expect((await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: PEOPLE[0]!.phone, password: PEOPLE[0]!.idNumber } })).statusCode).toBe(401)

    expect(lines.filter((l) => l.includes('incoming request')).length).toBeGreaterThanOrEqual(20) // the logger did write every request
    const leaks = lines.flatMap((l) => SECRETS.filter((s) => l.includes(s)).map((s) => `${s} in ${l.slice(0, 300)}`))
    expect(leaks).toEqual([])
  })
})
