/**
 * Wall soak: an accelerated run of the wall page under a steady event stream, sampling the page's
 * JS heap (after a forced GC, CDP `HeapProfiler.collectGarbage` + `Performance.getMetrics`), DOM
 * node count, event listeners and documents. The figure is their growth after the warm-up: the
 * baseline is the median of the first three samples after warm-up, the end the median of the last
 * three, in the same run (target: flat, ratio ≈ 1).
 *
 * The app + workers run in this process (test/harness.ts, serving a fresh dashboard build);
 * chromium is Debian's (playwright-core). The stream is the 浈江区 simulator's live cases.
 *
 *   npm run bench:soak [-- --minutes 10 --rate 200 --warmup 2 --sample 30 --screenshot docs/wall.png]
 * The sample interval is a multiple of the kiosk rotation (3 board pages × 10 s), so every sample
 * sees the same page. --screenshot saves the page after the first paint (7 days of history).
 * Writes bench/results/soak-*.json.
 */
import { parseArgs } from 'node:util'
import { ensureServices, type Services } from '../scripts/services.ts'
import { median, writeResult } from './lib.ts'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '10' },
    rate: { type: 'string', default: process.env.SOAK_RATE ?? '200' },
    warmup: { type: 'string', default: '2' },
    sample: { type: 'string', default: '30' },
    screenshot: { type: 'string' },
  },
})
const MINUTES = Number(values.minutes)
const RATE = Number(values.rate)
const WARMUP_MIN = Number(values.warmup)
const SAMPLE_S = Number(values.sample)
for (const [k, v] of Object.entries({ MINUTES, RATE, WARMUP_MIN, SAMPLE_S })) if (!Number.isFinite(v) || v <= 0) throw new Error(`bad --${k.toLowerCase()}`)

let services: Services | null = null
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
  services = await ensureServices({ dataDir: './.data/bench', log: (m) => process.stderr.write(`[services] ${m}\n`) })
  process.env.DATABASE_URL ??= services.databaseUrl
  process.env.REDIS_URL ??= services.redisUrl
}
// imported after the environment is set (test/db.ts reads it)
const { createHarness, createUser, TEST_PASSWORD } = await import('../test/harness.ts')
const { backfill, buildDashboard, launchChromium, liveStream, postEvents, seedZhenjiang, signInToWall } = await import('../test/wall-browser.ts')

const log = (m: string) => process.stdout.write(`${m}\n`)

log(`wall soak: ${MINUTES} min at ${RATE} events/s, warm-up ${WARMUP_MIN} min, a sample every ${SAMPLE_S} s`)
const dist = await buildDashboard()
const h = await createHarness({ dashboardDir: dist, security: { cookieSecure: false } })
await seedZhenjiang(h.db.pool)
await h.app.listen({ host: '127.0.0.1', port: 0 })
const addr = h.app.server.address()
if (!addr || typeof addr === 'string') throw new Error('no address')
const base = `http://127.0.0.1:${addr.port}`
await createUser(h.db.pool, { login: 'wall.display', roles: ['display'] })
await postEvents(base, h.key, backfill(7, Date.now()))
await h.waitProjected(120_000)

const browser = await launchChromium()
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
const page = await context.newPage()
await signInToWall(page, base, 'wall.display', TEST_PASSWORD, '?kiosk=1&rotate=10')
await page.waitForSelector('.wall-grid.connection-live', { timeout: 20_000 })
if (values.screenshot) {
  await page.waitForSelector('.wall-map canvas.maplibregl-canvas')
  await page.waitForTimeout(3000)
  await page.screenshot({ path: values.screenshot })
}
const cdp = await context.newCDPSession(page)
await cdp.send('Performance.enable')

interface Sample {
  atS: number
  heapUsedMB: number
  domNodes: number
  listeners: number
  documents: number
  elements: number
  eventsPosted: number
  receivedToday: string
}
const samples: Sample[] = []
const t0 = Date.now()
let posted = 0
let postErrors = 0

async function sample(): Promise<void> {
  await cdp.send('HeapProfiler.collectGarbage')
  const { metrics } = await cdp.send('Performance.getMetrics')
  const m = new Map(metrics.map((x) => [x.name, x.value]))
  const dom = await page.evaluate(() => ({ elements: document.getElementsByTagName('*').length, received: document.querySelector('.tile--receivedToday .value')?.textContent ?? '' }))
  const s: Sample = {
    atS: Math.round((Date.now() - t0) / 1000),
    heapUsedMB: Math.round(((m.get('JSHeapUsedSize') ?? NaN) / 2 ** 20) * 100) / 100,
    domNodes: m.get('Nodes') ?? NaN,
    listeners: m.get('JSEventListeners') ?? NaN,
    documents: m.get('Documents') ?? NaN,
    elements: dom.elements,
    eventsPosted: posted,
    receivedToday: dom.received.trim(),
  }
  samples.push(s)
  log(`  t=${s.atS}s heap ${s.heapUsedMB} MB, nodes ${s.domNodes}, elements ${s.elements}, listeners ${s.listeners}, posted ${posted}, tile ${s.receivedToday}`)
}

// the stream: every 250 ms, RATE/4 events of the simulator's live cases
const next = liveStream(7)
const tickMs = 250
const end = t0 + MINUTES * 60_000
let nextSample = t0
let budget = 0
let last = Date.now()
while (Date.now() < end) {
  const now = Date.now()
  budget += ((now - last) / 1000) * RATE
  last = now
  const n = Math.floor(budget)
  if (n > 0) {
    budget -= n
    const evs = next(now, n)
    try {
      await postEvents(base, h.key, evs, 1000)
      posted += evs.length
    } catch (err) {
      postErrors++
      if (postErrors < 5) process.stderr.write(`post failed: ${(err as Error).message}\n`)
    }
  }
  if (Date.now() >= nextSample) {
    await sample()
    nextSample += SAMPLE_S * 1000
  }
  const wait = tickMs - (Date.now() - now)
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
}
await sample()

const after = samples.filter((s) => s.atS >= WARMUP_MIN * 60)
if (after.length < 6) throw new Error(`only ${after.length} samples after warm-up: run longer or sample more often`)
const head = after.slice(0, 3)
const tail = after.slice(-3)
type Key = 'heapUsedMB' | 'domNodes' | 'listeners' | 'elements'
const growth = (k: Key) => {
  const b = median(head.map((s) => s[k]))
  const e = median(tail.map((s) => s[k]))
  // least-squares slope per hour over the post-warm-up samples
  const xs = after.map((s) => s.atS / 3600)
  const ys = after.map((s) => s[k])
  const mx = xs.reduce((a, x) => a + x, 0) / xs.length
  const my = ys.reduce((a, y) => a + y, 0) / ys.length
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0)
  return { baseline: b, end: e, ratio: Math.round((e / b) * 1000) / 1000, slopePerHour: Math.round(slope * 100) / 100, max: Math.max(...after.map((s) => s[k])) }
}
const result = {
  config: { minutes: MINUTES, ratePerS: RATE, warmupMinutes: WARMUP_MIN, sampleSeconds: SAMPLE_S, viewport: '1920x1080', kiosk: true, rotateSeconds: 10 },
  eventsPosted: posted,
  achievedRatePerS: Math.round(posted / ((Date.now() - t0) / 1000)),
  postErrors,
  growthAfterWarmup: { heapUsedMB: growth('heapUsedMB'), domNodes: growth('domNodes'), elements: growth('elements'), listeners: growth('listeners') },
  samples,
}
const file = writeResult('soak', result)
log(`heap (MB, after GC): ${JSON.stringify(result.growthAfterWarmup.heapUsedMB)}`)
log(`DOM nodes: ${JSON.stringify(result.growthAfterWarmup.domNodes)}`)
log(`elements: ${JSON.stringify(result.growthAfterWarmup.elements)}`)
log(`listeners: ${JSON.stringify(result.growthAfterWarmup.listeners)}`)
log(`posted ${posted} events (${result.achievedRatePerS}/s), ${postErrors} failed posts → ${file}`)

await browser.close()
await h.close()
await services?.stop()
process.exit(0)
