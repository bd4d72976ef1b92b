/**
 * Public site read benchmark: N concurrent readers (each a loop of requests, back to back) over
 * the public read API — the ranking, a guide search, an item page, the announcements — for a
 * fixed time, against a district-sized catalogue and a month of concluded cases.
 *
 * Reported: the server-side answer time (fastify's `reply.elapsedTime`, onResponse hook) p50/p99
 * per route — the target is p99 < 50 ms under 500 readers — and the client-observed
 * latency and throughput. The readers run in a process of their own (bench/public-client.ts); the
 * baseline of the same run has them in the server's process, as this bench did at first (their
 * work then stalls the server's event loop and counts in its answer times). Client and server
 * share this machine's cores either way, so the client side is the pessimistic figure.
 *
 *   npm run bench:public [-- --readers 500 --seconds 20 --items 2000 --cases 100000]
 *
 * Writes bench/results/public-<timestamp>.json.
 */
import { spawn } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Agent, request } from 'undici'
import { buildApp } from '../server/app.ts'
import { JURISDICTION } from '../test/harness.ts'
import { redisUrl, uniqueName } from '../test/db.ts'
import { benchDatabase, percentile, writeResult } from './lib.ts'

const { values } = parseArgs({ options: { readers: { type: 'string', default: '500' }, seconds: { type: 'string', default: '20' }, items: { type: 'string', default: '2000' }, cases: { type: 'string', default: '100000' } } })
const READERS = Number(values.readers)
const SECONDS = Number(values.seconds)
const ITEMS = Number(values.items)
const CASES = Number(values.cases)
const TARGET_P99_MS = 50
const log = (m: string) => process.stdout.write(`${m}\n`)

const SEED = `
INSERT INTO items (code, department_code, name, case_type, legal_limit, promised_limit, fee_standard, fee_basis, guide_materials)
SELECT 'PB-' || lpad(i::text, 5, '0'), '440204-D' || lpad((1 + i % 30)::text, 2, '0'),
       (ARRAY['食品经营许可', '建筑工程施工许可', '个体工商户登记', '排水许可', '户外广告设置'])[1 + i % 5] || '（' || i || '）',
       'promised', 20, 10, (i % 4) * 50, '依据示例', ARRAY['申请书', '营业执照复印件']
FROM generate_series(1, $1::int) i;
INSERT INTO cases (case_no, department_code, item_code, status, state, event_count, last_occurred_at, accepted_at, concluded_at, jurisdiction_code)
SELECT 'PBC-' || i, '440204-D' || lpad((1 + i % 30)::text, 2, '0'), 'PB-' || lpad((1 + i % $1::int)::text, 5, '0'), 'concluded', '{}', 1,
       now() - (i % 20) * interval '1 hour', now() - interval '5 days', now() - (i % 20) * interval '1 hour', '440204'
FROM generate_series(1, $2::int) i;
INSERT INTO case_clocks (case_no, jurisdiction_code, department_code, clock_status, deadline_date)
SELECT 'PBC-' || i, '440204', '440204-D' || lpad((1 + i % 30)::text, 2, '0'), 'closed', current_date + CASE WHEN i % 10 = 0 THEN -3 ELSE 3 END
FROM generate_series(1, $2::int) i WHERE $1::int > 0;
INSERT INTO announcements (column_key, title, body) SELECT 'notice', '监察公告 ' || i, '正文 ' || i FROM generate_series(1, 30) i;
INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, issued_at)
SELECT 'case', 'PBC-' || i, '440204-D' || lpad((1 + i % 30)::text, 2, '0'), CASE WHEN i % 3 = 0 THEN 'red' ELSE 'yellow' END, 'manual', '示例', now() - i * interval '1 hour'
FROM generate_series(1, 300) i;
`

async function main() {
  const bench = await benchDatabase('public')
  const pool = bench.db.pool
  const t0 = Date.now()
  for (const stmt of SEED.split(';').map((s) => s.trim()).filter(Boolean)) {
    const params = [ITEMS, CASES].slice(0, (stmt.match(/\$2/) ? 2 : stmt.match(/\$1/) ? 1 : 0))
    await pool.query(stmt, params)
  }
  await pool.query('VACUUM ANALYZE items, cases, case_clocks, announcements')
  log(`seeded ${ITEMS} items, ${CASES} concluded cases in ${Date.now() - t0} ms`)

  const app = await buildApp(
    { databaseUrl: bench.db.url, redisUrl: redisUrl(), host: '127.0.0.1', port: 0, queuePrefix: uniqueName('bp'), bodyLimit: 1024 * 1024, enqueueTimeoutMs: 250, logLevel: 'silent', dashboardDir: null, security: { cookieSecure: false, rateLimit: { enabled: false } } },
    { logger: false },
  )
  const server: Record<string, number[]> = {}
  app.addHook('onResponse', async (req, reply) => {
    const key = req.routeOptions.url ?? 'other'
    ;(server[key] ??= []).push(reply.elapsedTime)
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  const urls = [
    '/api/v1/public/ranking',
    `/api/v1/public/items?q=${encodeURIComponent('食品经营')}`,
    '/api/v1/public/items/PB-00042',
    '/api/v1/public/announcements',
    '/api/v1/public/cards',
    '/api/v1/public/scorecards',
    '/api/v1/public/statistics',
  ]
  // baseline: the readers in this process (as the bench first did); then in a process of their own
  const baseline = await runInProcess(base, urls)
  const baselineServer = Object.values(server).flat()
  for (const k of Object.keys(server)) delete server[k]
  const load0 = loadavg()[0] ?? 0
  log(`${READERS} readers in their own process for ${SECONDS} s…`)
  const { latencies: client, errors } = await runInChild(base, urls)
  const load1 = loadavg()[0] ?? 0
  const perRoute = Object.fromEntries(
    Object.entries(server).map(([route, xs]) => [route, { requests: xs.length, p50Ms: +percentile(xs, 50).toFixed(2), p99Ms: +percentile(xs, 99).toFixed(2) }]),
  )
  const allServer = Object.values(server).flat()
  const result = {
    readers: READERS,
    seconds: SECONDS,
    items: ITEMS,
    cases: CASES,
    requests: client.length,
    errors,
    requestsPerSecond: +(client.length / SECONDS).toFixed(1),
    serverP50Ms: +percentile(allServer, 50).toFixed(2),
    serverP99Ms: +percentile(allServer, 99).toFixed(2),
    clientP50Ms: +percentile(client, 50).toFixed(2),
    clientP99Ms: +percentile(client, 99).toFixed(2),
    targetServerP99Ms: TARGET_P99_MS,
    perRoute,
    loadAverage1m: { before: +load0.toFixed(2), after: +load1.toFixed(2) },
    baselineInProcessClient: {
      requests: baseline.latencies.length,
      errors: baseline.errors,
      requestsPerSecond: +(baseline.latencies.length / SECONDS).toFixed(1),
      serverP50Ms: +percentile(baselineServer, 50).toFixed(2),
      serverP99Ms: +percentile(baselineServer, 99).toFixed(2),
      clientP99Ms: +percentile(baseline.latencies, 99).toFixed(2),
    },
  }
  log(JSON.stringify(result, null, 2))
  log(`written ${writeResult('public', result)}`)
  await app.close()
  await bench.close()
}

/** The readers in this process: the first form of this bench, kept as the baseline. */
async function runInProcess(base: string, urls: string[]): Promise<{ latencies: number[]; errors: number }> {
  log(`baseline: ${READERS} readers in the server's process for ${SECONDS} s…`)
  const agent = new Agent({ connections: READERS, pipelining: 1 })
  const latencies: number[] = []
  let errors = 0
  const until = Date.now() + SECONDS * 1000
  const reader = async (n: number) => {
    for (let i = n; Date.now() < until; i++) {
      const s = performance.now()
      const res = await request(`${base}${urls[i % urls.length]}`, { dispatcher: agent })
      await res.body.arrayBuffer()
      if (res.statusCode !== 200) errors++
      latencies.push(performance.now() - s)
    }
  }
  await Promise.all(Array.from({ length: READERS }, (_, n) => reader(n)))
  await agent.close()
  return { latencies, errors }
}

/** The readers in a child process (bench/public-client.ts). */
function runInChild(base: string, urls: string[]): Promise<{ latencies: number[]; errors: number }> {
  const script = fileURLToPath(new URL('./public-client.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script, base, String(READERS), String(SECONDS), ...urls], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { latencies: number[]; errors: number }) : reject(new Error(`client exited ${code}`))))
  })
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
