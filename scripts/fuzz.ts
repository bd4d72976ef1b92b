/**
 * The fuzzers' long form (issue 14):
 *
 *   npm run fuzz                               (10,000 ingest cases, 2,000 filter and 2,000 login cases)
 *   npm run fuzz -- --runs 100000 [--seed N] [--query-runs N] [--login-runs N] [--minutes M]
 *
 * `--minutes` caps the ingest part's time (the runs done are reported; the filters and the login
 * get a tenth of it each).
 * The same seeded generators and checks as server/test/fuzz.test.ts (test/fuzz/), through
 * `inject` on an app built on a throwaway database (DATABASE_URL / REDIS_URL, or the embedded
 * services of the demo in .data/fuzz). Unlike the test it does not stop at the first violation: it
 * counts 5xx answers, half-stored batches, other contract breaks and process crashes (uncaught
 * exceptions, unhandled rejections, /healthz failing), keeps the first few of each with their
 * input, and writes the figures to bench/results/fuzz-<timestamp>.json. Exit code 1 on any
 * violation.
 */
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import { ensureServices, type Services } from './services.ts'
import { writeResult } from '../bench/lib.ts'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    'query-runs': { type: 'string' },
    'login-runs': { type: 'string' },
    seed: { type: 'string' },
    minutes: { type: 'string' },
  },
})
const runs = Number(values.runs)
const queryRuns = Number(values['query-runs'] ?? Math.max(500, Math.round(runs / 5)))
const loginRuns = Number(values['login-runs'] ?? Math.max(500, Math.round(runs / 5)))
const seed = Number(values.seed ?? Date.now() % 2 ** 31)
const capMs = values.minutes === undefined ? null : Number(values.minutes) * 60_000
for (const [k, v] of Object.entries({ runs, queryRuns, loginRuns, seed })) {
  if (!Number.isSafeInteger(v) || v < 0) {
    process.stderr.write(`--${k} must be a non-negative integer\n`)
    process.exit(2)
  }
}

let services: Services | null = null
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
  services = await ensureServices({ dataDir: './.data/fuzz', log: (m) => process.stderr.write(`[services] ${m}\n`) })
  process.env.DATABASE_URL = services.databaseUrl
  process.env.REDIS_URL = services.redisUrl
}
// loaded after the environment is set
const { createHarness, createUser, DEPTS, JURISDICTION, openSession } = await import('../test/harness.ts')
const { checkIngestCase, ingestCaseArb } = await import('../test/fuzz/ingest.ts')
const { checkLoginCase, checkQueryCase, loginCaseArb, queryCaseArb } = await import('../test/fuzz/routes.ts')
type Violation = { kind: '5xx' | 'half-stored' | 'contract'; message: string }

let crashes = 0
const crashSamples: string[] = []
process.on('uncaughtException', (err) => {
  crashes++
  if (crashSamples.length < 5) crashSamples.push(String(err?.stack ?? err))
})
process.on('unhandledRejection', (err) => {
  crashes++
  if (crashSamples.length < 5) crashSamples.push(String((err as Error)?.stack ?? err))
})

const h = await createHarness({ withWorkers: false, security: { rateLimit: { enabled: false } } })
h.db.pool.on('error', () => {})
const sup = await openSession(h.db.pool, await createUser(h.db.pool, { login: 'sup.fuzz', roles: ['supervisor'], jurisdictionCode: JURISDICTION }))
const tag = Date.now().toString(36)

interface Tally { runs: number; fiveXx: number; halfStored: number; contract: number; thrown: number; samples: { kind: string; message: string; input: string }[]; ms: number }
const tally = (): Tally => ({ runs: 0, fiveXx: 0, halfStored: 0, contract: 0, thrown: 0, samples: [], ms: 0 })

async function run<T>(name: string, arb: fc.Arbitrary<T>, numRuns: number, check: (c: T) => Promise<Violation | null>, limitMs: number | null): Promise<Tally> {
  const t = tally()
  const started = Date.now()
  let last = started
  await fc.check(
    fc.asyncProperty(arb, async (c) => {
      t.runs++
      let v: Violation | null
      try {
        v = await check(c)
      } catch (err) {
        t.thrown++
        v = { kind: 'contract', message: `the check threw: ${(err as Error).message}` }
      }
      if (v) {
        if (v.kind === '5xx') t.fiveXx++
        else if (v.kind === 'half-stored') t.halfStored++
        else t.contract++
        if (t.samples.length < 10) {
          t.samples.push({ ...v, input: JSON.stringify(c).slice(0, 2000) })
          process.stderr.write(`[fuzz] ${name} violation at run ${t.runs}: ${v.kind}: ${v.message}\n  input ${JSON.stringify(c).slice(0, 2000)}\n`)
        }
      }
      if (t.runs % 1000 === 0) {
        const health = await h.app.inject({ method: 'GET', url: '/healthz' })
        if (health.statusCode !== 200) crashes++
        if (Date.now() - last > 10_000) {
          last = Date.now()
          process.stderr.write(`[fuzz] ${name}: ${t.runs}/${numRuns} (${Math.round((t.runs * 1000) / (Date.now() - started))}/s), 5xx ${t.fiveXx}, half-stored ${t.halfStored}, contract ${t.contract}\n`)
        }
      }
      return true
    }),
    { numRuns, seed, endOnFailure: true, ...(limitMs ? { interruptAfterTimeLimit: limitMs, markInterruptAsFailure: false } : {}) },
  )
  t.ms = Date.now() - started
  return t
}

const started = Date.now()
const ingest = await run('ingest', ingestCaseArb, runs, (c) => checkIngestCase(h.app, h.db.pool, h.key, c, DEPTS, tag), capMs)
const stored = Number((await h.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n)
const filters = await run('case filters', queryCaseArb, queryRuns, (c) => checkQueryCase(h.app, sup.headers, c), capMs && capMs / 10)
const login = await run('login', loginCaseArb, loginRuns, (c) => checkLoginCase(h.app, c), capMs && capMs / 10)
const healthy = (await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode === 200 && (await h.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200
if (!healthy) crashes++
const durationMs = Date.now() - started

const all = [ingest, filters, login]
const result = {
  seed,
  requested: { ingest: runs, caseFilters: queryRuns, login: loginRuns, minutes: capMs === null ? null : capMs / 60_000 },
  runs: { ingest: ingest.runs, caseFilters: filters.runs, login: login.runs, total: all.reduce((s, t) => s + t.runs, 0) },
  fiveXx: all.reduce((s, t) => s + t.fiveXx, 0),
  crashes,
  halfStoredBatches: ingest.halfStored,
  contractViolations: all.reduce((s, t) => s + t.contract, 0),
  eventsStored: stored,
  durationMs,
  perTarget: { ingest, caseFilters: filters, login },
  crashSamples,
  healthyAtEnd: healthy,
}
const file = writeResult('fuzz', result)
process.stdout.write(
  `fuzz (seed ${seed}): ingest ${ingest.runs} requests (${stored} events stored), case filters ${filters.runs}, login ${login.runs} in ${(durationMs / 1000).toFixed(1)} s\n` +
    `  5xx ${result.fiveXx}, crashes ${crashes}, half-stored batches ${result.halfStoredBatches}, other contract violations ${result.contractViolations}\n  → ${file}\n`,
)
for (const t of all) for (const s of t.samples.slice(0, 3)) process.stdout.write(`  ${s.kind}: ${s.message}\n    input ${s.input.slice(0, 300)}\n`)

await h.app.queues.project.obliterate({ force: true }).catch(() => {})
await h.close()
await services?.stop()
process.exit(result.fiveXx + crashes + result.halfStoredBatches + result.contractViolations > 0 ? 1 : 0)
