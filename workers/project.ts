/**
 * Projection: fold every event of each case (or petition) in a job into its current state.
 * Idempotent: re-running writes nothing new; late and repeated events give the same state.
 */
import type pg from 'pg'
import { foldCaseWithCursor, resumeCaseFold, type CaseFold, type CaseState, type FoldCursor } from '../domain/case/foldCase.ts'
import { foldPetition, type PetitionState } from '../domain/case/foldPetition.ts'
import type { StoredEvent } from '../domain/events/schema.ts'
import type { ProjectJob } from '../domain/queues.ts'
import { caseClock, type CaseClock } from '../domain/clock/caseClock.ts'
import { cardDecisions, cardEffectiveAt, overdueCards, type CardDecision } from '../domain/rules/cardDecisions.ts'
import { levelEffectiveAt } from '../domain/clock/levelEffectiveAt.ts'
import { petitionClock, type PetitionClock } from '../domain/clock/petitionClock.ts'
import { sql } from '../sql/queries.ts'
import { withTransaction } from '../sql/transaction.ts'
import { toStoredEvent, type EventRow } from '../sql/storedEvent.ts'
import type { CaseContext, ContextProvider } from '../sql/clockContext.ts'

function groupBySubject(rows: EventRow[], subject: 'case' | 'petition'): Map<string, StoredEvent[]> {
  const out = new Map<string, StoredEvent[]>()
  for (const r of rows) {
    let list = out.get(r.subject_no)
    if (!list) out.set(r.subject_no, (list = []))
    list.push(toStoredEvent(r, subject))
  }
  return out
}

import { caseClockRow, caseRow, clockSummary, petitionRow, type CaseClockRow, type CaseRow } from './project/rows.ts'

// the row builders stay importable from here (tests, the chaos check)
export { caseClockRow, caseRow, clockSummary, petitionRow, type CaseClockRow, type CaseRow } from './project/rows.ts'

export interface ProjectResult {
  casesWritten: string[]
  petitionsWritten: string[]
  eventsRead: number
}

export interface ProjectOptions {
  context: ContextProvider
  /** The instant levels are evaluated at, epoch ms. @default Date.now() */
  nowMs?: number
}

const LOCK_AND_LOAD = {
  case: { lock: 'lock_cases', key: 'case_no', events: 'project_case_events' },
  petition: { lock: 'lock_petitions', key: 'petition_no', events: 'project_petition_events' },
} as const

/**
 * Marks the events the step read (under its subjects' locks) as projected: deletes their rows from
 * the queue of unprojected events (migration 300). Events stored after the read keep theirs.
 */
export async function markProjected(c: pg.PoolClient, read: readonly Pick<EventRow, 'seq'>[]): Promise<void> {
  if (read.length === 0) return
  await c.query(sql('dequeue_projected_events'), [read.map((r) => r.seq)])
}

/**
 * How a projection transaction takes its subjects' locks: `'try'` takes those no other projection
 * holds, at once, and leaves the rest; `'wait'` waits for each in a fixed (sorted) order.
 */
type LockMode = 'try' | 'wait'

/**
 * Inside a projection transaction: serialises the subjects (advisory locks, then the existing rows
 * `FOR UPDATE`), and reads their previous levels and all of their events, grouped per subject.
 * Returns the subjects it locked (`nos`, sorted) and, in `'try'` mode, those it left (`deferred`).
 */
async function lockAndLoad(c: pg.PoolClient, subject: 'case' | 'petition', wanted: readonly string[], mode: LockMode) {
  const q = LOCK_AND_LOAD[subject]
  let nos: readonly string[] = wanted
  let deferred: string[] = []
  if (mode === 'wait') await c.query(sql('lock_subjects'), [wanted, subject])
  else {
    const { rows } = await c.query<{ subject_no: string }>(sql('lock_subjects_try'), [wanted, subject])
    const got = new Set(rows.map((r) => r.subject_no))
    nos = wanted.filter((n) => got.has(n))
    deferred = wanted.filter((n) => !got.has(n))
  }
  if (nos.length === 0) return { nos, deferred, locked: [], previousLevel: new Map<string, string>(), groups: new Map<string, StoredEvent[]>(), read: [] as EventRow[] }
  const { rows: locked } = await c.query<Record<string, unknown>>(sql(q.lock), [nos])
  const previousLevel = new Map(locked.map((r) => [r[q.key] as string, r.level as string]))
  // a case whose stored fold has a cursor: only its events still queued (resumeCaseFold)
  const resumable = subject === 'case' ? locked.filter((r) => r.fold_cursor != null).map((r) => r.case_no as string) : []
  const whole = resumable.length > 0 ? nos.filter((n) => !resumable.includes(n)) : nos
  const rows = whole.length > 0 ? (await c.query<EventRow>(sql(q.events), [whole])).rows : []
  if (resumable.length > 0) rows.push(...(await c.query<EventRow>(sql('project_case_events_queued'), [resumable])).rows)
  return { nos, deferred, locked, previousLevel, groups: groupBySubject(rows, subject), read: rows }
}

/**
 * The folds of a projection step's cases: the stored fold with the queued events folded onto it
 * when they all come after it (resumeCaseFold), else (a late event, a new case, a row without a
 * cursor) the full fold of all of the case's events, read again for the late ones.
 */
async function caseFolds(c: pg.PoolClient, loaded: Awaited<ReturnType<typeof lockAndLoad>>): Promise<{ folds: CaseFold[]; read: EventRow[] }> {
  const stored = new Map(loaded.locked.filter((r) => r.fold_cursor != null).map((r) => [r.case_no as string, { state: r.state as CaseState, cursor: r.fold_cursor as FoldCursor }]))
  const folds: CaseFold[] = []
  const late: string[] = []
  for (const no of loaded.nos) {
    const previous = stored.get(no)
    const events = loaded.groups.get(no) ?? []
    const fold = previous ? resumeCaseFold(previous, events) : foldCaseWithCursor(events)
    if (fold) folds.push(fold)
    else if (previous) late.push(no)
  }
  if (late.length === 0) return { folds, read: loaded.read }
  const { rows } = await c.query<EventRow>(sql('project_case_events'), [late])
  for (const events of groupBySubject(rows, 'case').values()) {
    const fold = foldCaseWithCursor(events)
    if (fold) folds.push(fold)
  }
  return { folds, read: [...loaded.read, ...rows] }
}

type StageRow = { case_no: string; seq: number; stage: string; at: string; handler: string | null; opinion: string | null; department_code: string; event_id: string }

/** How many leading stages of a case's stored list (`state.stages` of its row) are unchanged in the new fold. */
export function unchangedStages(before: readonly CaseState['stages'][number][] | undefined, after: readonly CaseState['stages'][number][]): number {
  if (!before) return 0
  const same = (a: CaseState['stages'][number], b: CaseState['stages'][number]) =>
    a.stage === b.stage && a.at === b.at && (a.handler ?? null) === (b.handler ?? null) && (a.opinion ?? null) === (b.opinion ?? null) &&
    a.departmentCode === b.departmentCode && a.eventId === b.eventId
  let k = 0
  while (k < before.length && k < after.length && same(before[k]!, after[k]!)) k++
  return k
}

interface Projected {
  written: string[]
  eventsRead: number
}

/**
 * The projection's transactions (`SET LOCAL`, these transactions only):
 * - `jit = off`: its statements are short, but a store without planner statistics (autovacuum off
 *   or behind) gives them estimates above `jit_above_cost`, and compiling took 0.5–1 s a statement;
 * - `synchronous_commit = off`: a commit returns before its WAL is flushed (by the WAL writer within
 *   three of its delays, 0.6 s by default). A crash may lose the last projections, never a part of one, and nothing else:
 *   the events are stored by the server's own (synchronous) transactions, and the queue rows of the
 *   lost projection's events (unprojected_events, deleted in the same transaction) come back with it,
 *   so the recovery sweep (unprojected_subjects.sql) projects them again. Any later synchronous
 *   commit (the server's next batch, a delivery) flushes the WAL before it, this one included. What
 *   a lost projection showed meanwhile (the wall, after its NOTIFY) comes back with its re-projection.
 */
export const PROJECTION_SETTINGS = { jit: 'off', synchronous_commit: 'off' } as const

/**
 * Runs a projection in two transactions at most. The first takes the locks no other projection
 * holds and folds those subjects; the subjects another projection holds (typically one case split
 * across two consecutive ingest batches) are folded afterwards, in a second transaction that waits
 * for their locks. So a job never sits on the locks of a whole batch while it waits for one case,
 * and concurrent jobs over consecutive batches run side by side instead of one after another.
 * No transaction waits for a lock while it holds a try-taken one, and waiting ones take theirs in
 * sorted order: no deadlock.
 */
async function projectInTwoSteps(
  pool: pg.Pool,
  subjectNos: readonly string[],
  step: (c: pg.PoolClient, nos: readonly string[], mode: LockMode) => Promise<Projected & { deferred: string[] }>,
): Promise<Projected> {
  if (subjectNos.length === 0) return { written: [], eventsRead: 0 }
  const nos = [...new Set(subjectNos)].sort()
  const first = await withTransaction(pool, (c) => step(c, nos, 'try'), PROJECTION_SETTINGS)
  if (first.deferred.length === 0) return { written: first.written, eventsRead: first.eventsRead }
  const second = await withTransaction(pool, (c) => step(c, first.deferred, 'wait'), PROJECTION_SETTINGS)
  return { written: [...new Set([...first.written, ...second.written])].sort(), eventsRead: first.eventsRead + second.eventsRead }
}

/** Projects the cases of a job (see projectInTwoSteps): state, clock, level changes and automatic cards. */
export async function projectCases(pool: pg.Pool, caseNos: readonly string[], opts: ProjectOptions): Promise<Projected> {
  const nowMs = opts.nowMs ?? Date.now()
  return projectInTwoSteps(pool, caseNos, async (c, subjects, mode) => {
    const loaded = await lockAndLoad(c, 'case', subjects, mode)
    const { nos, deferred, locked, previousLevel } = loaded
    if (nos.length === 0) return { written: [], eventsRead: 0, deferred }
    const { folds, read } = await caseFolds(c, loaded)
    const previousStages = new Map(locked.map((r) => [r.case_no as string, (r.stages ?? []) as CaseState['stages']]))
    const rowsOut: CaseRow[] = []
    const clocksOut: CaseClockRow[] = []
    const stages: StageRow[] = []
    const stageTrims = new Map<string, number>()
    const levelChanges: unknown[] = []
    const wanted: WantedCard[] = []
    for (const { state, cursor } of folds) {
      const ctx = await opts.context.forCase(state.departmentCode, state.itemCode, state.acceptedAt)
      let clock = caseClock(state, { ...ctx, nowMs })
      const decisions = cardDecisions(state, clock, { feeStandard: ctx.feeStandard }, ctx.cardRules)
      const before = previousLevel.get(state.caseNo) ?? 'normal'
      if (before !== clock.level) {
        clock = caseClock(state, { ...ctx, nowMs, explain: true })
        levelChanges.push({
          subject: 'case', subject_no: state.caseNo, department_code: state.departmentCode, from_level: before, to_level: clock.level,
          effective_at: levelEffectiveAt(before as CaseClock['level'], clock, ctx.zone, nowMs),
          source: 'projection', explanation: clock.explanation ?? clockSummary(clock),
        })
      }
      for (const d of decisions) wanted.push({ ...d, caseNo: state.caseNo, departmentCode: state.departmentCode, effectiveAt: cardEffectiveAt(d.since, ctx.zone, nowMs) })
      rowsOut.push(caseRow(state, ctx, cursor))
      clocksOut.push(caseClockRow(state, clock, ctx))
      const keep = unchangedStages(previousStages.get(state.caseNo), state.stages)
      state.stages.forEach((st, i) => {
        if (i >= keep) stages.push({ case_no: state.caseNo, seq: i + 1, stage: st.stage, at: st.at, handler: st.handler, opinion: st.opinion, department_code: st.departmentCode, event_id: st.eventId })
      })
      if (keep < Math.max(state.stages.length, previousStages.get(state.caseNo)?.length ?? 0)) stageTrims.set(state.caseNo, keep)
    }
    // triggers (sql/README.md): cases and case_clocks → NOTIFY wall_changed (060, 061), the wall's
    // open-count deltas (090) and the statistics facts (150). Cases new to the store: both rows in
    // one statement of plain inserts, so that their facts are written once, with the clock; the
    // others: upserts that leave unchanged rows alone, the case row first (as the triggers expect)
    const existing = new Set(locked.map((r) => r.case_no as string))
    const isNew = (r: { case_no: string }) => !existing.has(r.case_no)
    const written: { case_no: string }[] = []
    const clocksWritten: { case_no: string }[] = []
    const newRows = rowsOut.filter(isNew)
    if (newRows.length > 0) {
      const { rows } = await c.query<{ case_no: string }>(sql('insert_new_cases'), [JSON.stringify(newRows), JSON.stringify(clocksOut.filter(isNew))])
      written.push(...rows)
    }
    const oldRows = rowsOut.filter((r) => !isNew(r))
    if (oldRows.length > 0) {
      written.push(...(await c.query<{ case_no: string }>(sql('upsert_cases'), [JSON.stringify(oldRows)])).rows)
      clocksWritten.push(...(await c.query<{ case_no: string }>(sql('upsert_case_clocks'), [JSON.stringify(clocksOut.filter((r) => !isNew(r)))])).rows)
    }
    const stateNos = written.map((w) => w.case_no)
    // stage rows: only from the first one that changed on (a stage that arrived in order is one insert)
    const trims = stateNos.filter((n) => stageTrims.has(n) && previousStages.has(n))
    if (trims.length > 0) await c.query(sql('trim_case_stages'), [trims, trims.map((n) => stageTrims.get(n)!)])
    const set = new Set(stateNos)
    const newStages = stages.filter((st) => set.has(st.case_no))
    if (newStages.length > 0) await c.query(sql('insert_case_stages'), [JSON.stringify(newStages)])
    const writtenNos = [...new Set([...stateNos, ...clocksWritten.map((w) => w.case_no)])].sort()
    // trigger: level_changes → notification outbox, normal → warning (071 level_changes_notify)
    if (levelChanges.length > 0) await c.query(sql('insert_level_changes'), [JSON.stringify(levelChanges)])
    await reconcileAutoCards(c, 'case', nos, wanted)
    await markProjected(c, read)
    return { written: writtenNos, eventsRead: read.length, deferred }
  })
}

/** A card the rules call for, with its subject and the instant it takes effect (UTC ISO). */
type WantedCard = CardDecision & { caseNo: string; departmentCode: string; effectiveAt: string }

/**
 * Makes the active automatic cards of these subjects match what the rules call for now: issues
 * the missing ones, revokes (with a new record) the ones late events have made wrong.
 */
async function reconcileAutoCards(
  c: pg.PoolClient,
  subject: 'case' | 'petition',
  subjectNos: readonly string[],
  wanted: readonly WantedCard[],
): Promise<void> {
  const { rows: active } = await c.query<{ id: string; subject_no: string; rule_key: string }>(sql('active_auto_cards'), [subject, subjectNos])
  const wantedKeys = new Set(wanted.map((w) => w.key))
  const activeKeys = new Set(active.map((a) => a.rule_key))
  const toIssue = wanted.filter((w) => !activeKeys.has(w.key))
  const toRevoke = active.filter((a) => !wantedKeys.has(a.rule_key))
  // triggers on cards (issued and revocation records alike): notification outbox (071 cards_notify,
  // yellow/red only) and NOTIFY wall_changed (060)
  if (toIssue.length > 0) {
    await c.query(sql('issue_auto_cards'), [
      JSON.stringify(toIssue.map((w) => ({ subject, subject_no: w.caseNo, department_code: w.departmentCode, color: w.color, rule: w.rule, rule_key: w.key, reason: w.reason, explanation: w.explanation, effective_at: w.effectiveAt }))),
    ])
  }
  if (toRevoke.length > 0) {
    await c.query(sql('revoke_cards'), [
      JSON.stringify(toRevoke.map((a) => ({ id: a.id, issued_by: 'system', reason: '后续事件表明该规则不再成立，系统自动撤销 (rule no longer holds after later events)' }))),
    ])
  }
}

/** Projects the petitions of a job (see projectInTwoSteps): state, clock, level changes, overdue cards. */
export async function projectPetitions(pool: pg.Pool, petitionNos: readonly string[], opts: ProjectOptions): Promise<Projected> {
  const nowMs = opts.nowMs ?? Date.now()
  return projectInTwoSteps(pool, petitionNos, async (c, subjects, mode) => {
    const { nos, deferred, previousLevel, groups, read } = await lockAndLoad(c, 'petition', subjects, mode)
    if (nos.length === 0) return { written: [], eventsRead: 0, deferred }
    const out = []
    const levelChanges: unknown[] = []
    const wanted: WantedCard[] = []
    for (const [, events] of groups) {
      const p = foldPetition(events)
      if (!p) continue
      const ctx = await opts.context.forPetition(p.departmentCode, p.receivedAt)
      const clock = petitionClock(p, { ...ctx, nowMs })
      const before = previousLevel.get(p.petitionNo) ?? 'normal'
      if (before !== clock.level) {
        levelChanges.push({
          subject: 'petition', subject_no: p.petitionNo, department_code: p.departmentCode, from_level: before, to_level: clock.level,
          effective_at: levelEffectiveAt(before as PetitionClock['level'], clock, ctx.zone, nowMs),
          source: 'projection', explanation: { clock, petitionKind: p.petitionKind, receivedAt: p.receivedAt },
        })
      }
      if (ctx.overdueCards) {
        for (const d of overdueCards('petition', p.petitionNo, clock)) wanted.push({ ...d, caseNo: p.petitionNo, departmentCode: p.departmentCode, effectiveAt: cardEffectiveAt(d.since, ctx.zone, nowMs) })
      }
      out.push(petitionRow(p, clock, ctx))
    }
    // triggers: petitions → NOTIFY wall_changed (060), wall open-count deltas (090); level_changes → outbox (071)
    const { rows: written } = await c.query<{ petition_no: string }>(sql('upsert_petitions'), [JSON.stringify(out)])
    if (levelChanges.length > 0) await c.query(sql('insert_level_changes'), [JSON.stringify(levelChanges)])
    await reconcileAutoCards(c, 'petition', nos, wanted)
    await markProjected(c, read)
    return { written: written.map((w) => w.petition_no), eventsRead: read.length, deferred }
  })
}

/** The processor of the `project` queue. */
export async function processProjectJob(pool: pg.Pool, job: ProjectJob, opts: ProjectOptions): Promise<ProjectResult> {
  const cases = await projectCases(pool, job.cases ?? [], opts)
  const petitions = await projectPetitions(pool, job.petitions ?? [], opts)
  return { casesWritten: cases.written, petitionsWritten: petitions.written, eventsRead: cases.eventsRead + petitions.eventsRead }
}
