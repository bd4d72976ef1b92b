/**
 * Where the projection's time goes: stores N events unprojected (through the ingest's own
 * statement), then projects them in the jobs ingest would have enqueued (one per 1,000-event
 * batch), timing every statement by its query file and the TypeScript fold/clock in between.
 *
 *   node --import tsx bench/project-profile.ts [--events 20000] [--batch 1000] [--concurrency 1] [--interleave]
 */
import { parseArgs } from 'node:util'
import pg from 'pg'
import { caseLifecycle, type RawEvent } from '../domain/events/fixtures.ts'
import { createTestDatabase } from '../test/db.ts'
import { DEPTS, seedReference } from '../test/harness.ts'
import { sql } from '../sql/queries.ts'
import { createContextProvider } from '../sql/clockContext.ts'
import { processProjectJob } from '../workers/project.ts'

const { values } = parseArgs({ options: { events: { type: 'string', default: '20000' }, batch: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '1' }, interleave: { type: 'boolean', default: false } } })
const K = Number(values.concurrency)
const N = Number(values.events)
const B = Number(values.batch)

const db = await createTestDatabase('prof')
try {
  await seedReference(db.pool)
  const events: RawEvent[] = []
  const t0 = Date.now() - 40 * 24 * 3600_000
  for (let i = 0; events.length < N; i++) events.push(...caseLifecycle(`P-${i}`, DEPTS[i % DEPTS.length]!, t0 + i * 1000, { seed: i, supplement: i % 5 === 0, fee: i % 3 === 0 ? 20 : undefined }))
  events.length = N
  // --interleave: the events in the order they happened (a live stream: each batch holds the next
  // event of many cases, so every case is folded again at each of its events), not case by case
  if (values.interleave) events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
  // CPU of this process and of every PostgreSQL backend of the database (same machine)
  const { readFileSync } = await import('node:fs')
  const backendCpuMs = async () => {
    const { rows } = await db.pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
    let ticks = 0
    for (const { pid } of rows) {
      try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); ticks += Number(f[11]) + Number(f[12]) } catch { /* gone */ }
    }
    return ticks * 10
  }
  const storePg0 = await backendCpuMs()
  const storeCpu0 = process.cpuUsage()
  const jobs: string[][] = []
  for (let i = 0; i < N; i += B) {
    const batch = events.slice(i, i + B)
    await db.pool.query(sql('insert_events'), [JSON.stringify(batch.map((e, ord) => ({ ord, source: 'prof', event_id: e.eventId, occurred_at: e.occurredAt, case_no: e.caseNo, petition_no: null, department_code: e.departmentCode, kind: e.kind, body: e.body })))])
    jobs.push([...new Set(batch.map((e) => e.caseNo!))])
  }
  {
    const cpu = process.cpuUsage(storeCpu0)
    const pgCpu = (await backendCpuMs()) - storePg0
    process.stdout.write(`storing (insert_events.sql, 1,000 a statement): node ${((cpu.user + cpu.system) / N).toFixed(0)} ms, pg ${(pgCpu * 1000 / N).toFixed(0)} ms per 1,000 events\n`)
  }
  // time every statement by its name
  const names = new Map<string, string>()
  for (const n of ['lock_subjects', 'lock_cases', 'project_case_events', 'project_case_events_queued', 'insert_new_cases', 'upsert_cases', 'upsert_case_clocks', 'trim_case_stages', 'lock_subjects_try', 'insert_case_stages', 'insert_level_changes', 'active_auto_cards', 'issue_auto_cards', 'revoke_cards', 'dequeue_projected_events']) names.set(sql(n), n)
  const spent = new Map<string, number>()
  const add = (k: string, ms: number) => spent.set(k, (spent.get(k) ?? 0) + ms)
  const origConnect = db.pool.connect.bind(db.pool)
  let inQuery = 0
  ;(db.pool as unknown as { connect: (...a: unknown[]) => unknown }).connect = (...args: unknown[]) => {
    if (args.length > 0) return (origConnect as (...a: unknown[]) => unknown)(...args) // pool.query's own callback form
    return wrap()
  }
  let explainNext = false
  const explainWanted = new Set((process.env.EXPLAIN ?? '').split(','))
  const wrapped = new WeakSet<pg.PoolClient>()
  const wrap = async () => {
    const c = await origConnect()
    if (wrapped.has(c)) return c
    wrapped.add(c)
    const q = c.query.bind(c) as (...a: unknown[]) => Promise<unknown>
    ;(c as unknown as { query: unknown }).query = async (...a: unknown[]) => {
      const text = typeof a[0] === 'string' ? a[0] : ''
      if (explainNext && explainWanted.has(names.get(text) ?? '')) {
        // the plan of the statement as the job runs it (inside the job's transaction), then rolled
        // back to a savepoint and the statement run for real, so that the job goes on unchanged
        await q('SAVEPOINT explain')
        const r = (await q('EXPLAIN (ANALYZE, BUFFERS, VERBOSE) ' + text, a[1])) as { rows: Record<string, string>[] }
        await q('ROLLBACK TO SAVEPOINT explain')
        process.stdout.write(`--- ${names.get(text)}\n${r.rows.map((x) => Object.values(x)[0]).join('\n')}\n`)
      }
      const t = performance.now()
      try { return await q(...a) } finally { const ms = performance.now() - t; inQuery += ms; add(names.get(text) ?? text.slice(0, 30), ms) }
    }
    return c
  }
  if (process.env.STOP_BEFORE_PROJECTING) throw new Error('stopped before projecting')
  const context = createContextProvider(db.pool)
  const pg0 = await backendCpuMs()
  const cpu0 = process.cpuUsage()
  const tAll = performance.now()
  // K jobs at a time, taken in queue order (as K project slots of a worker would)
  let next = 0
  await Promise.all(Array.from({ length: K }, async () => {
    while (next < jobs.length) {
      const i = next++
      explainNext = K === 1 && i === jobs.length - 1 && explainWanted.size > 1
      await processProjectJob(db.pool, { cases: jobs[i]!, petitions: [] }, { context })
    }
  }))
  const { rows: sz } = await db.pool.query('SELECT avg(pg_column_size(state))::int AS state, avg(pg_column_size(c.*))::int AS row FROM cases c')
  process.stdout.write(`case row sizes ${JSON.stringify(sz[0])}\n`)
  const total = performance.now() - tAll
  const cpu = process.cpuUsage(cpu0)
  const pgCpu = (await backendCpuMs()) - pg0
  process.stdout.write(`CPU: node ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, PostgreSQL backends ${pgCpu} ms (per 1,000 events: node ${((cpu.user + cpu.system) / N).toFixed(0)} ms, pg ${(pgCpu * 1000 / N).toFixed(0)} ms)\n`)
  const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM unprojected_events')
  process.stdout.write(`events ${N}, jobs ${jobs.length} (${K} at a time), total ${total.toFixed(0)} ms = ${Math.round(N / (total / 1000))} ev/s, unprojected left ${rows[0]!.n}\n`)
  process.stdout.write(`in statements ${inQuery.toFixed(0)} ms, in TypeScript ${(total - inQuery).toFixed(0)} ms\n`)
  for (const [k, ms] of [...spent].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${k.padEnd(32)} ${ms.toFixed(0).padStart(7)} ms\n`)
} finally {
  if (process.env.KEEP) process.stdout.write(`kept ${db.url}\n`)
  else await db.drop()
}
