/**
 * Wall soak: an accelerated run of the wall page under a steady event stream, sampling the page's
 * JS heap (after a forced GC, CDP `HeapProfiler.collectGarbage` + `Performance.getMetrics`), DOM
 * node count, event listeners and documents. The figure is their growth after the warm-up: the
 * baseline is the median of the first three samples after warm-up, the end the median of the last
 * three, in the same run (target: flat, ratio ≈ 1), and the least-squares slope per hour.
 *
 * The app + workers run in this process (test/harness.ts, serving a fresh dashboard build);
 * chromium is Debian's (playwright-core). The stream is the 浈江区 simulator's live cases.
 *
 *   npm run bench:soak [-- --minutes 10 --rate 200 --warmup 2 --sample 30 --screenshot docs/wall.png]
 *   npm run bench:soak -- --publish-ms 100 --panel-ms 100 --rotate 5 --snapshots   (accelerated)
 *
 * Acceleration: `--publish-ms` is the publisher's least interval between deltas (the workers'
 * WALL_MIN_INTERVAL_MS, 250 by default), `--panel-ms` the page's least interval between two
 * updates of one panel (`/wall?panelMs=`, useWallSocket's minPanelIntervalMs, 250), `--rotate` the
 * kiosk rotation (`?rotate=`, 5…; 30 on a real wall). The page counts the updates of each panel
 * (`?stats=1` → `window.__wallStats`); the result states them as hours of a wall at 4 updates/s.
 * `--cards-per-min` cards are issued directly and `--concluded-per-min` open cases of the history
 * concluded through ingest, so the ticker and the rankings move too.
 * Every sample sees the same view: it is taken at the start of a rotation cycle (6 rotations: the
 * 3 board pages × the 2 flow views), read from the page's rotation count, so samples are at least
 * `--sample` seconds and at least 6 × `--rotate` seconds apart.
 *
 * `--snapshots` takes a heap snapshot (CDP `HeapProfiler.takeHeapSnapshot`) after the warm-up and
 * at the end, saved under test-results/, and prints the object groups that grew most, the detached
 * DOM nodes and the retaining path of a few of them (bench/heapSnapshot.ts).
 * `--screenshot` saves the page after the first paint (7 days of history).
 * Writes bench/results/soak-*.json.
 */
import { parseArgs } from 'node:util'
import { ensureServices, type Services } from '../scripts/services.ts'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { CDPSession } from 'playwright-core'
import { diffSummaries, summarize, type HeapSnapshotJson, type HeapSummary } from './heapSnapshot.ts'
import { median, writeResult } from './lib.ts'
import { WALL_MIN_INTERVAL_MS, WALL_PANEL_MIN_INTERVAL_MS } from '../domain/realtime/wall.ts'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '10' },
    rate: { type: 'string', default: process.env.SOAK_RATE ?? '200' },
    warmup: { type: 'string', default: '2' },
    sample: { type: 'string', default: '30' },
    screenshot: { type: 'string' },
    'publish-ms': { type: 'string', default: String(WALL_MIN_INTERVAL_MS) },
    'panel-ms': { type: 'string', default: String(WALL_PANEL_MIN_INTERVAL_MS) },
    'slow-ms': { type: 'string', default: '5000' },
    rotate: { type: 'string', default: '10' },
    snapshots: { type: 'boolean', default: false },
    'cards-per-min': { type: 'string', default: '20' },
    'concluded-per-min': { type: 'string', default: '60' },
  },
})
const MINUTES = Number(values.minutes)
const RATE = Number(values.rate)
const WARMUP_MIN = Number(values.warmup)
const SAMPLE_S = Number(values.sample)
const PUBLISH_MS = Number(values['publish-ms'])
const PANEL_MS = Number(values['panel-ms'])
const SLOW_MS = Number(values['slow-ms'])
const ROTATE_S = Number(values.rotate)
const CARDS_PER_MIN = Number(values['cards-per-min'])
const CONCLUDED_PER_MIN = Number(values['concluded-per-min'])
if (!Number.isFinite(CARDS_PER_MIN) || CARDS_PER_MIN < 0) throw new Error('bad --cards-per-min')
if (!Number.isFinite(CONCLUDED_PER_MIN) || CONCLUDED_PER_MIN < 0) throw new Error('bad --concluded-per-min')
for (const [k, v] of Object.entries({ MINUTES, RATE, WARMUP_MIN, SAMPLE_S, PUBLISH_MS, PANEL_MS, SLOW_MS, ROTATE_S })) if (!Number.isFinite(v) || v <= 0) throw new Error(`bad --${k.toLowerCase()}`)

let services: Services | null = null
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
  services = await ensureServices({ dataDir: './.data/bench', log: (m) => process.stderr.write(`[services] ${m}\n`) })
  process.env.DATABASE_URL ??= services.databaseUrl
  process.env.REDIS_URL ??= services.redisUrl
}
// imported after the environment is set (test/db.ts reads it)
const { TEST_PASSWORD } = await import('../test/harness.ts')
const { launchChromium, liveStream, postEvents, signInToWall, startWallServer } = await import('../test/wall-browser.ts')

const log = (m: string) => process.stdout.write(`${m}\n`)

log(`wall soak: ${MINUTES} min at ${RATE} events/s, warm-up ${WARMUP_MIN} min, a sample every ${SAMPLE_S} s; publisher ${PUBLISH_MS} ms (trends and rankings ${SLOW_MS} ms), panels ${PANEL_MS} ms, rotation ${ROTATE_S} s, ${CARDS_PER_MIN} cards/min, ${CONCLUDED_PER_MIN} conclusions/min${values.snapshots ? ', heap snapshots' : ''}`)
// seven days of history: the trends and rankings have something to show
const { h, base } = await startWallServer({ backfillDays: 7, projectTimeoutMs: 120_000, harness: { wall: { minIntervalMs: PUBLISH_MS, slowPanelsMs: SLOW_MS } } })

const browser = await launchChromium()
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
const page = await context.newPage()
await signInToWall(page, base, 'wall.display', TEST_PASSWORD, `?kiosk=1&rotate=${ROTATE_S}&stats=1${PANEL_MS === WALL_PANEL_MIN_INTERVAL_MS ? '' : `&panelMs=${PANEL_MS}`}`)
await page.waitForSelector('.wall-grid.connection-live', { timeout: 20_000 })
if (values.screenshot) {
  await page.waitForSelector('.wall-map canvas.maplibregl-canvas')
  await page.waitForTimeout(3000)
  await page.screenshot({ path: values.screenshot })
}
const cdp = await context.newCDPSession(page)
await cdp.send('Performance.enable')

type PanelUpdates = Record<'tiles' | 'departments' | 'cards' | 'trends' | 'rankings', number>
const wallStats = () => page.evaluate(() => (window as unknown as { __wallStats?: { updates: PanelUpdates; rotations: number } }).__wallStats ?? null)

/** A heap snapshot of the page (it collects garbage first), saved under test-results/ and summarized. */
async function heapSnapshot(session: CDPSession, name: string): Promise<HeapSummary> {
  const chunks: string[] = []
  const onChunk = (e: { chunk: string }) => void chunks.push(e.chunk)
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  session.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  const json = chunks.join('')
  mkdirSync('test-results', { recursive: true })
  writeFileSync(`test-results/soak-${name}.heapsnapshot`, json)
  return summarize(JSON.parse(json) as HeapSnapshotJson, 5)
}
const snapshots: { afterWarmup?: HeapSummary; end?: HeapSummary } = {}

interface Sample {
  atS: number
  heapUsedMB: number
  domNodes: number
  listeners: number
  documents: number
  elements: number
  /** Running CSS animations (the board's 2 s highlights keep replaced cells alive until they end). */
  animations: number
  eventsPosted: number
  receivedToday: string
  /** Updates of each panel so far (the page's count). */
  updates: PanelUpdates | null
}
const samples: Sample[] = []
const t0 = Date.now()
let posted = 0
let postErrors = 0

async function sample(): Promise<void> {
  // twice: the second pass frees what the first one's weak callbacks released (DOM wrappers)
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const { metrics } = await cdp.send('Performance.getMetrics')
  const m = new Map(metrics.map((x) => [x.name, x.value]))
  const dom = await page.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    animations: document.getAnimations().length,
    received: document.querySelector('.tile--receivedToday .value')?.textContent ?? '',
  }))
  const s: Sample = {
    atS: Math.round((Date.now() - t0) / 1000),
    heapUsedMB: Math.round(((m.get('JSHeapUsedSize') ?? NaN) / 2 ** 20) * 100) / 100,
    domNodes: m.get('Nodes') ?? NaN,
    listeners: m.get('JSEventListeners') ?? NaN,
    documents: m.get('Documents') ?? NaN,
    elements: dom.elements,
    animations: dom.animations,
    eventsPosted: posted,
    receivedToday: dom.received.trim(),
    updates: (await wallStats())?.updates ?? null,
  }
  samples.push(s)
  log(`  t=${s.atS}s heap ${s.heapUsedMB} MB, nodes ${s.domNodes}, elements ${s.elements}, animations ${s.animations}, listeners ${s.listeners}, posted ${posted}, tile ${s.receivedToday}, updates ${JSON.stringify(s.updates)}`)
}

// The live stream rarely brings a case to yellow or red within a run, so the ticker would never
// move: CARDS_PER_MIN cards are issued directly (as the sweep would), each for one of the cases.
const { rows: cardCases } = await h.db.pool.query<{ case_no: string; department_code: string }>('SELECT case_no, department_code FROM cases ORDER BY case_no LIMIT 500')
let cardsIssued = 0
let nextCard = Date.now()
async function issueCard(): Promise<void> {
  const c = cardCases[cardsIssued % cardCases.length]
  if (!c) return
  await h.db.pool.query(`INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, issued_by) VALUES ('case', $1, $2, $3, 'overdue', $4, 'soak')`, [
    c.case_no,
    c.department_code,
    cardsIssued % 3 === 0 ? 'red' : 'yellow',
    `浸泡测试 soak #${cardsIssued + 1}`,
  ])
  cardsIssued++
}

// The live stream's cases conclude days later (simulated time), so this month's on-time rates
// (the rankings) would not move within a run: CONCLUDED_PER_MIN cases are concluded through
// ingest — first the history's open cases that have a deadline (in deadline order: some on time,
// some late), then cases the soak itself opened half a minute earlier (one department's item each,
// 10 working days: on time).
const { rows: toConclude } = await h.db.pool.query<{ case_no: string; department_code: string }>(
  `SELECT c.case_no, c.department_code FROM cases c JOIN case_clocks k USING (case_no)
   WHERE c.concluded_at IS NULL AND c.returned_at IS NULL AND k.deadline_date IS NOT NULL ORDER BY k.deadline_date, c.case_no LIMIT 5000`,
)
const { rows: itemsByDept } = await h.db.pool.query<{ department_code: string; code: string }>(
  `SELECT DISTINCT ON (i.department_code) i.department_code, i.code FROM items i JOIN departments d ON d.code = i.department_code WHERE d.active ORDER BY i.department_code, i.code`,
)
const opened: { case_no: string; department_code: string; at: number }[] = []
let concluded = 0
let nextConclusion = Date.now()
async function concludeOne(): Promise<void> {
  const item = itemsByDept[concluded % Math.max(1, itemsByDept.length)]
  if (item) {
    const caseNo = `440204-2026-8${String(concluded).padStart(6, '0')}`
    const at = new Date().toISOString()
    await postEvents(base, h.key, [
      { eventId: `${caseNo}-s`, kind: 'submitted', occurredAt: at, caseNo, departmentCode: item.department_code, body: { itemCode: item.code, channel: 'online' } },
      { eventId: `${caseNo}-a`, kind: 'accepted', occurredAt: at, caseNo, departmentCode: item.department_code, body: { itemCode: item.code, caseType: 'promised', applicant: { name: '浸泡测试' }, promisedLimit: { value: 10, unit: 'workday' } } },
    ], 500, true)
    opened.push({ case_no: caseNo, department_code: item.department_code, at: Date.now() })
  }
  const c = toConclude.shift() ?? (opened[0] && opened[0].at <= Date.now() - 30_000 ? opened.shift() : undefined)
  concluded++
  if (!c) return
  await postEvents(base, h.key, [{ eventId: `${c.case_no}-soak-concluded`, kind: 'concluded', occurredAt: new Date().toISOString(), caseNo: c.case_no, departmentCode: c.department_code, body: { result: 'approved' } }], 500, true)
}

// the stream: every 250 ms, RATE/4 events of the simulator's live cases
const next = liveStream(7)
const tickMs = 250
const end = t0 + MINUTES * 60_000
let nextSample = t0
// 62 units → 3 board pages of 24; the flow chart alternates hourly/daily: the view repeats every 6 rotations
const CYCLE = 6
let lastSampledRotation = -1
/** True in the first rotation of a cycle not sampled yet (board page 1, hourly flow). */
async function atCycleStart(): Promise<boolean> {
  const r = (await wallStats())?.rotations ?? 0
  if (r % CYCLE !== 0 || r === lastSampledRotation) return false
  lastSampledRotation = r
  return true
}
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
  if (CARDS_PER_MIN > 0 && Date.now() >= nextCard) {
    await issueCard()
    nextCard += 60_000 / CARDS_PER_MIN
  }
  if (CONCLUDED_PER_MIN > 0 && Date.now() >= nextConclusion) {
    try {
      await concludeOne()
    } catch (err) {
      postErrors++
      if (postErrors < 5) process.stderr.write(`conclusion failed: ${(err as Error).message}\n`)
    }
    // one per turn of the loop: a slow turn skips conclusions rather than stalling the stream
    nextConclusion = Math.max(nextConclusion + 60_000 / CONCLUDED_PER_MIN, Date.now() - 1000)
  }
  if (Date.now() >= nextSample && (await atCycleStart())) {
    await sample()
    // due again just before the cycle start that follows SAMPLE_S later
    nextSample = Date.now() + Math.max(0, SAMPLE_S - ROTATE_S) * 1000
    if (values.snapshots && !snapshots.afterWarmup && Date.now() - t0 >= WARMUP_MIN * 60_000) {
      snapshots.afterWarmup = await heapSnapshot(cdp, 'after-warmup')
      log(`  heap snapshot after warm-up: ${snapshots.afterWarmup.nodes} objects, ${snapshots.afterWarmup.detachedDomNodes} detached DOM nodes`)
    }
  }
  const wait = tickMs - (Date.now() - now)
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
}
while (!(await atCycleStart())) await new Promise((r) => setTimeout(r, 250))
await sample()
if (values.snapshots) snapshots.end = await heapSnapshot(cdp, 'end')
const finalStats = await wallStats()

const after = samples.filter((s) => s.atS >= WARMUP_MIN * 60)
if (after.length < 6) throw new Error(`only ${after.length} samples after warm-up: run longer or sample more often`)
const head = after.slice(0, 3)
const tail = after.slice(-3)
type Key = 'heapUsedMB' | 'domNodes' | 'listeners' | 'elements'
function growth(k: Key) {
  const b = median(head.map((s) => s[k]))
  const e = median(tail.map((s) => s[k]))
  return {
    baseline: b,
    end: e,
    ratio: Math.round((e / b) * 1000) / 1000,
    slopePerHour: slopePerHour(after, k),
    // a plateau shows as a second-half slope near 0 while the first half still climbs
    slopePerHourFirstHalf: slopePerHour(after.slice(0, Math.ceil(after.length / 2)), k),
    slopePerHourSecondHalf: slopePerHour(after.slice(Math.floor(after.length / 2)), k),
    max: Math.max(...after.map((s) => s[k])),
  }
}
/** Least-squares slope per hour of `k` over `xs`. */
function slopePerHour(ss: readonly Sample[], k: Key): number {
  const xs = ss.map((s) => s.atS / 3600)
  const ys = ss.map((s) => s[k])
  const mx = xs.reduce((a, x) => a + x, 0) / xs.length
  const my = ys.reduce((a, y) => a + y, 0) / ys.length
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0)
  return Math.round(slope * 100) / 100
}
// The panel updates as hours of a wall at the production cadence: tiles, departments and cards at
// most one update per WALL_MIN_INTERVAL_MS (250 ms: 4/s), trends and rankings once per 5 s
// (slowPanelsMs), the kiosk rotation every 30 s.
const HOT_PER_S = 1000 / WALL_MIN_INTERVAL_MS
const PRODUCTION_PER_S: PanelUpdates = { tiles: HOT_PER_S, departments: HOT_PER_S, cards: HOT_PER_S, trends: 0.2, rankings: 0.2 }
const asHours = (u: PanelUpdates | null | undefined) =>
  u ? (Object.fromEntries(Object.entries(u).map(([k, v]) => [k, Math.round((v / PRODUCTION_PER_S[k as keyof PanelUpdates] / 3600) * 100) / 100])) as PanelUpdates) : null
const updatesAfterWarmup = finalStats && head[0]?.updates ? (Object.fromEntries(Object.entries(finalStats.updates).map(([k, v]) => [k, v - head[0]!.updates![k as keyof PanelUpdates]])) as PanelUpdates) : null
const heapDiff = snapshots.afterWarmup && snapshots.end ? diffSummaries(snapshots.afterWarmup, snapshots.end, 12) : null
const snapshotFigures = (s: HeapSummary | undefined) => (s ? { objects: s.nodes, selfSizeMB: Math.round((s.totalSelfSize / 2 ** 20) * 100) / 100, detachedDomNodes: s.detachedDomNodes, detachedByName: Object.fromEntries(s.detachedByName), detachedPaths: s.detachedPaths } : null)
const result = {
  config: { minutes: MINUTES, ratePerS: RATE, warmupMinutes: WARMUP_MIN, sampleSeconds: SAMPLE_S, viewport: '1920x1080', kiosk: true, rotateSeconds: ROTATE_S, publishIntervalMs: PUBLISH_MS, slowPanelsMs: SLOW_MS, panelIntervalMs: PANEL_MS },
  panelUpdates: finalStats?.updates ?? null,
  panelUpdatesAfterWarmup: updatesAfterWarmup,
  /** The updates of each panel as hours of a production wall (4/s hot panels, 1 per 5 s trends and rankings). */
  equivalentHours: asHours(finalStats?.updates),
  equivalentHoursAfterWarmup: asHours(updatesAfterWarmup),
  rotations: finalStats?.rotations ?? null,
  rotationsAsHoursAt30s: finalStats ? Math.round(((finalStats.rotations * 30) / 3600) * 100) / 100 : null,
  heapSnapshots: heapDiff ? { afterWarmup: snapshotFigures(snapshots.afterWarmup), end: snapshotFigures(snapshots.end), grewByCount: heapDiff.byCount, grewBySelfSize: heapDiff.bySize } : null,
  eventsPosted: posted,
  cardsIssued,
  conclusionSlots: concluded,
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
log(`panel updates: ${JSON.stringify(result.panelUpdates)} (after warm-up ${JSON.stringify(updatesAfterWarmup)}), as hours of a production wall ${JSON.stringify(result.equivalentHours)} (after warm-up ${JSON.stringify(result.equivalentHoursAfterWarmup)}); ${result.rotations} rotations ≈ ${result.rotationsAsHoursAt30s} h at 30 s`)
if (heapDiff && result.heapSnapshots) {
  log(`heap snapshots: ${JSON.stringify(result.heapSnapshots.afterWarmup?.objects)} → ${JSON.stringify(result.heapSnapshots.end?.objects)} objects; detached DOM nodes ${result.heapSnapshots.afterWarmup?.detachedDomNodes} → ${result.heapSnapshots.end?.detachedDomNodes}`)
  log('  grew most by count:')
  for (const r of heapDiff.byCount) log(`    ${r.group}: ${r.countBefore} → ${r.countAfter} (+${r.countDelta}, ${r.selfSizeDelta >= 0 ? '+' : ''}${r.selfSizeDelta} B)`)
  log('  grew most by self size:')
  for (const r of heapDiff.bySize) log(`    ${r.group}: +${r.selfSizeDelta} B (${r.countBefore} → ${r.countAfter})`)
  log(`  detached at the end: ${JSON.stringify(result.heapSnapshots.end?.detachedByName)}`)
  for (const p of snapshots.end?.detachedPaths ?? []) log(`    ${p}`)
}
log(`posted ${posted} events (${result.achievedRatePerS}/s), ${postErrors} failed posts → ${file}`)

await browser.close()
await h.close()
await services?.stop()
process.exit(0)
