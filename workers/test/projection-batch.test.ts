/**
 * The batch path of the projection: many cases per job, jobs that overlap and run at the same
 * time, events that arrive interleaved, twice and late. Whatever the schedule, every case ends in
 * exactly the state a fresh per-case fold of all its events gives, nothing stays unprojected, and
 * a per-case re-projection afterwards finds nothing to write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import pg from 'pg'
import { caseLifecycle, type RawEvent } from '../../domain/events/fixtures.ts'
import { foldCaseWithCursor } from '../../domain/case/foldCase.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { DEPTS, seedReference } from '../../test/harness.ts'
import { sql } from '../../sql/queries.ts'
import { toStoredEvent, type EventRow } from '../../sql/storedEvent.ts'
import { createContextProvider, type ContextProvider } from '../../sql/clockContext.ts'
import { markProjected, processProjectJob, projectCases, unchangedStages } from '../project.ts'
import { keptOpenCounts, recountOpenCounts } from '../../test/wallCounts.ts'
import { keptCaseCounts, recountCaseCounts } from '../../test/statCounts.ts'

let db: TestDatabase
let context: ContextProvider
const T0 = Date.UTC(2025, 9, 9, 1, 0, 0)
// levels are evaluated at one fixed instant, so that a re-projection is comparable
const NOW = Date.UTC(2025, 10, 20, 4, 0, 0)

beforeAll(async () => {
  db = await createTestDatabase('prjbatch')
  await seedReference(db.pool)
  context = createContextProvider(db.pool)
})
afterAll(async () => {
  await db?.drop()
})

/** Stores events as ingest does (duplicates of source + event id are skipped). */
async function store(events: readonly RawEvent[]): Promise<void> {
  const rows = events.map((e, ord) => ({
    ord, source: 'batch-test', event_id: e.eventId, occurred_at: e.occurredAt, case_no: e.caseNo, petition_no: null,
    department_code: e.departmentCode, kind: e.kind, body: e.body,
  }))
  await db.pool.query(sql('insert_events'), [JSON.stringify(rows)])
}

/** What a fresh fold of every stored event of the case gives, and where it stops (its cursor). */
async function freshFoldWithCursor(caseNo: string) {
  const { rows } = await db.pool.query<EventRow>(sql('case_events'), [[caseNo]])
  return JSON.parse(JSON.stringify(foldCaseWithCursor(rows.map((r) => toStoredEvent(r, 'case')))))
}

async function expectExactlyFolded(caseNos: readonly string[]): Promise<void> {
  // the triggers' incremental counts (wall 090, statistics 150), new cases and old alike
  expect(await keptOpenCounts(db.pool)).toEqual(await recountOpenCounts(db.pool))
  expect(await keptCaseCounts(db.pool)).toEqual(await recountCaseCounts(db.pool))
  const { rows: left } = await db.pool.query('SELECT count(*)::int AS n FROM unprojected_events WHERE case_no = ANY($1)', [caseNos])
  expect(left[0].n).toBe(0)
  for (const caseNo of caseNos) {
    const { rows } = await db.pool.query('SELECT state, fold_cursor, event_count FROM cases WHERE case_no = $1', [caseNo])
    const { state: fold, cursor } = await freshFoldWithCursor(caseNo)
    expect(rows[0]?.state).toEqual(fold)
    expect(rows[0]?.fold_cursor).toEqual(cursor)
    const stages = (await db.pool.query('SELECT seq, stage, at, handler, opinion, department_code, event_id FROM case_stages WHERE case_no = $1 ORDER BY seq', [caseNo])).rows
    type Stage = { stage: string; at: string; handler?: string; opinion?: string; departmentCode: string; eventId: string }
    expect(stages).toEqual(
      fold.stages.map((s: Stage, i: number) => ({
        seq: i + 1, stage: s.stage, at: new Date(s.at), handler: s.handler ?? null, opinion: s.opinion ?? null, department_code: s.departmentCode, event_id: s.eventId,
      })),
    )
  }
  // a per-case re-projection, one case per job, finds the state, clock and stages already right
  for (const caseNo of caseNos) {
    const again = await projectCases(db.pool, [caseNo], { context, nowMs: NOW })
    expect(again.written).toEqual([])
  }
}

const caseSpec = fc.record({ supplement: fc.boolean(), suspend: fc.boolean(), fee: fc.option(fc.constantFrom(20, 80), { nil: undefined }), seed: fc.integer({ min: 1, max: 1000 }) })

describe('unchangedStages', () => {
  const st = (stage: string, at: string, handler?: string) => ({ stage, at, handler, departmentCode: DEPTS[0], eventId: `${stage}-${at}` }) as never
  it('keeps the common leading stages and nothing from the first difference on', () => {
    const a = st('submitted', '2025-10-09T01:00:00.000Z')
    const b = st('accepted', '2025-10-09T02:00:00.000Z', '李四')
    const c = st('undertaken', '2025-10-10T02:00:00.000Z', '王五')
    expect(unchangedStages(undefined, [a, b])).toBe(0)
    expect(unchangedStages([a, b], [a, b, c])).toBe(2) // appended in order: one insert
    expect(unchangedStages([a, c], [a, b, c])).toBe(1) // a late stage in the middle: rewrite from it
    expect(unchangedStages([a, b], [a, st('accepted', '2025-10-09T02:00:00.000Z', '赵六')])).toBe(1) // same stage, other handler
    expect(unchangedStages([a, b, c], [a, b, c])).toBe(3)
  })
})

let run = 0
describe('projection of many cases per job', () => {
  it('gives every case exactly the state of a fresh per-case fold, whatever the batches, jobs and their overlap', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseSpec, { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 4 }),
        async (specs, shuffleSeed, nBatches, nDuplicates) => {
          run++
          const caseNos = specs.map((_, i) => `PB${run}-${i}`)
          const all = specs.flatMap((s, i) => caseLifecycle(caseNos[i]!, DEPTS[i % DEPTS.length]!, T0 + i * 60_000, s))
          // interleave the cases' events at random (late events: an earlier one after a later one)
          let x = shuffleSeed
          const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
          const order = all.map((e) => ({ e, k: rand() })).sort((a, b) => a.k - b.k).map((o) => o.e)
          const batches: RawEvent[][] = Array.from({ length: nBatches }, () => [])
          order.forEach((e, i) => batches[Math.min(nBatches - 1, Math.floor((i * nBatches) / order.length))]!.push(e))
          // re-deliveries: some events again in a later batch
          for (let d = 0; d < nDuplicates; d++) batches[Math.floor(rand() * nBatches)]!.push(order[Math.floor(rand() * order.length)]!)
          for (const batch of batches) {
            await store(batch)
            // the job ingest enqueues for this batch, and at the same time one over a random other set of cases
            const own = [...new Set(batch.map((e) => e.caseNo!))]
            const other = caseNos.filter(() => rand() < 0.5)
            await Promise.all([
              processProjectJob(db.pool, { cases: own, petitions: [] }, { context, nowMs: NOW }),
              processProjectJob(db.pool, { cases: other.reverse(), petitions: [] }, { context, nowMs: NOW }),
            ])
          }
          await expectExactlyFolded(caseNos)
        },
      ),
      { numRuns: 12 },
    )
  }, 240_000)

  it('folds at once the cases no other projection holds, and the held one as soon as it is released', async () => {
    const caseNos = Array.from({ length: 8 }, (_, i) => `HELD-${i}`)
    await store(caseNos.flatMap((no, i) => caseLifecycle(no, DEPTS[0], T0 + i * 1000, { seed: i })))
    // another transaction holds the projection lock of one case (as a projection of it would)
    const holder = new pg.Client({ connectionString: db.url })
    await holder.connect()
    try {
      await holder.query('BEGIN')
      await holder.query(sql('lock_subjects'), [['HELD-3'], 'case'])
      const job = processProjectJob(db.pool, { cases: caseNos, petitions: [] }, { context, nowMs: NOW })
      // the seven free cases are committed while HELD-3 is still held
      const until = Date.now() + 20_000
      let projected: string[] = []
      while (Date.now() < until) {
        projected = (await db.pool.query<{ case_no: string }>('SELECT case_no FROM cases WHERE case_no LIKE $1 ORDER BY case_no', ['HELD-%'])).rows.map((r) => r.case_no)
        if (projected.length >= 7) break
        await new Promise((r) => setTimeout(r, 50))
      }
      expect(projected).toEqual(caseNos.filter((n) => n !== 'HELD-3'))
      const { rows: waiting } = await db.pool.query('SELECT count(*)::int AS n FROM unprojected_events WHERE case_no = $1', ['HELD-3'])
      expect(waiting[0].n).toBeGreaterThan(0)
      await holder.query('COMMIT')
      const result = await job
      expect(result.casesWritten).toEqual(caseNos)
    } finally {
      await holder.end()
    }
    await expectExactlyFolded(caseNos)
  }, 60_000)

  it('runs concurrent jobs over overlapping cases in any order without deadlock, to the same final state', async () => {
    const caseNos = Array.from({ length: 30 }, (_, i) => `OVL-${String(i).padStart(2, '0')}`)
    const events = caseNos.map((no, i) => caseLifecycle(no, DEPTS[i % DEPTS.length]!, T0 + i * 1000, { seed: i + 7, supplement: i % 3 === 0 }))
    // three rounds: each stores a third of every case's events, then four jobs over overlapping halves run at once
    for (let round = 0; round < 3; round++) {
      await store(events.flatMap((ev) => ev.filter((_, k) => k % 3 === round)))
      const a = caseNos.slice(0, 20)
      const b = caseNos.slice(10)
      const results = await Promise.all([
        processProjectJob(db.pool, { cases: a, petitions: [] }, { context, nowMs: NOW }),
        processProjectJob(db.pool, { cases: [...b].reverse(), petitions: [] }, { context, nowMs: NOW }),
        processProjectJob(db.pool, { cases: [...a].reverse(), petitions: [] }, { context, nowMs: NOW }),
        processProjectJob(db.pool, { cases: caseNos.filter((_, i) => i % 2 === 1), petitions: [] }, { context, nowMs: NOW }),
      ])
      // every case of a round was written by at least one of the jobs (its new events changed it)
      expect(new Set(results.flatMap((r) => r.casesWritten))).toEqual(new Set(caseNos))
    }
    await expectExactlyFolded(caseNos)
  }, 120_000)
})

describe('marking the events read as projected (the queue of unprojected events, migration 300)', () => {
  const queued = async (caseNo: string) =>
    (await db.pool.query<{ seq: string }>('SELECT seq::text FROM unprojected_events WHERE case_no = $1 ORDER BY seq', [caseNo])).rows.map((r) => r.seq)
  const versions = async (caseNo: string) =>
    (await db.pool.query<{ seq: string; v: string }>('SELECT seq::text, xmin::text AS v FROM events WHERE case_no = $1 ORDER BY seq', [caseNo])).rows

  it('queues every stored event once, and a projection dequeues them without writing the event rows', async () => {
    const caseNo = 'Q-1'
    const events = caseLifecycle(caseNo, DEPTS[0]!, T0, { seed: 7 })
    await store(events)
    await store(events.slice(0, 2)) // a re-delivery stores and queues nothing
    const before = await versions(caseNo)
    expect(before).toHaveLength(events.length)
    expect(await queued(caseNo)).toEqual(before.map((r) => r.seq))
    await projectCases(db.pool, [caseNo], { context, nowMs: NOW })
    expect(await queued(caseNo)).toEqual([])
    // the events rows keep their version: marking them projected is no longer an UPDATE of the store
    expect(await versions(caseNo)).toEqual(before)
    await expectExactlyFolded([caseNo])
  })

  it('leaves queued the events stored after the projection read, and follows rows moved to a new partition', async () => {
    const caseNo = 'Q-2'
    const events = caseLifecycle(caseNo, DEPTS[1]!, T0, { seed: 8 })
    await store(events.slice(0, -1))
    const { rows: read } = await db.pool.query<EventRow>(sql('project_case_events'), [[caseNo]])
    expect(read).toHaveLength(events.length - 1)
    // the month of T0 has no partition yet: creating it moves the rows out of the default one (same seqs)
    const { rows: created } = await db.pool.query<{ created: boolean }>('SELECT events_ensure_partition($1::date) AS created', [new Date(T0).toISOString().slice(0, 10)])
    expect(created[0]!.created).toBe(true)
    await store(events.slice(-1)) // stored after the read
    const all = await queued(caseNo)
    expect(all).toHaveLength(events.length)
    const c = await db.pool.connect()
    try {
      await markProjected(c, read)
    } finally {
      c.release()
    }
    expect(await queued(caseNo)).toEqual(all.filter((seq) => !read.some((r) => r.seq === seq)))
    expect(await queued(caseNo)).toHaveLength(1)
    // the next projection of the case takes the late one
    await projectCases(db.pool, [caseNo], { context, nowMs: NOW })
    await expectExactlyFolded([caseNo])
  })
})

describe('a new case\'s rows written once', () => {
  it('writes a new overdue case\'s statistics facts once, at its clock\'s level, and keeps the wall and statistics counts equal to a recount', async () => {
    // accepted on T0 with a 10-workday promise and never concluded: red at NOW
    const caseNo = 'FACTS-1'
    const negatives = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM stat_case_count_deltas WHERE n < 0')).rows[0]!.n
    const before = await negatives()
    await store(caseLifecycle(caseNo, DEPTS[0]!, T0, { seed: 11 }).slice(0, 3))
    await projectCases(db.pool, [caseNo], { context, nowMs: NOW })
    const { rows } = await db.pool.query<{ clock: string; facts: string }>(
      'SELECT k.level AS clock, f.level AS facts FROM case_clocks k JOIN stat_case_facts f USING (case_no) WHERE case_no = $1', [caseNo])
    expect(rows[0]!.clock).not.toBe('normal')
    expect(rows[0]!.facts).toBe(rows[0]!.clock)
    // written once: no "−1 at normal, +1 at its level" pair of a facts row inserted and then updated
    expect(await negatives()).toBe(before)
    expect(await keptOpenCounts(db.pool)).toEqual(await recountOpenCounts(db.pool))
    expect(await keptCaseCounts(db.pool)).toEqual(await recountCaseCounts(db.pool))
    // the rest of its life (a conclusion: the open count and the facts move again) keeps them equal
    await store(caseLifecycle(caseNo, DEPTS[0]!, T0, { seed: 11 }))
    await projectCases(db.pool, [caseNo], { context, nowMs: NOW })
    expect(await keptOpenCounts(db.pool)).toEqual(await recountOpenCounts(db.pool))
    expect(await keptCaseCounts(db.pool)).toEqual(await recountCaseCounts(db.pool))
    await expectExactlyFolded([caseNo])
  })
})

describe('the incremental fold (migration 360)', () => {
  it('folds only the queued events of a case arriving in order onto its stored state, and all of them again for a late event', async () => {
    const nos = ['R-1', 'R-2', 'R-3']
    const lives = nos.map((no, i) => caseLifecycle(no, DEPTS[i % DEPTS.length]!, T0 + i * 60_000, { seed: 20 + i, supplement: i === 0, fee: i === 1 ? 20 : undefined }))
    const late = lives[2]!.splice(1, 1) // the third case's second event comes last
    const steps = Math.max(...lives.map((l) => l.length))
    let read = 0
    for (let k = 0; k < steps; k++) {
      // a live stream: each job holds the next event of every case
      const batch = lives.flatMap((l) => l.slice(k, k + 1))
      await store(batch)
      const r = await projectCases(db.pool, nos, { context, nowMs: NOW })
      // after the first job, a job reads the queued events only, not every event of the case again
      expect(r.eventsRead).toBe(batch.length)
      read += r.eventsRead
      await expectExactlyFolded(nos)
    }
    expect(read).toBe(lives.flat().length)
    await store(late)
    const r = await projectCases(db.pool, nos, { context, nowMs: NOW })
    // the late event: its case folded again from all of its events (read again beside the queued one)
    expect(r.eventsRead).toBe(1 + lives[2]!.length + 1)
    await expectExactlyFolded(nos)
  })

  it('folds a row without a cursor (written before migration 360) in full and writes its cursor', async () => {
    const no = 'R-4'
    const events = caseLifecycle(no, DEPTS[0]!, T0, { seed: 31 })
    await store(events.slice(0, 3))
    await projectCases(db.pool, [no], { context, nowMs: NOW })
    await db.pool.query('UPDATE cases SET fold_cursor = NULL WHERE case_no = $1', [no])
    await store(events.slice(3))
    const r = await projectCases(db.pool, [no], { context, nowMs: NOW })
    expect(r.eventsRead).toBe(events.length)
    await expectExactlyFolded([no])
  })
})
