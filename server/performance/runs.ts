/**
 * What the performance routes share: the role lists, request schemas, row shapes, and the steps a
 * run's handlers compose inside their transaction (lock the run and check the workflow step,
 * compute the scores into it, record the step).
 */
import type { FastifyRequest } from 'fastify'
import type pg from 'pg'
import Type from 'typebox'
import { sql } from '../../sql/queries.ts'
import { DEFAULT_PERFORMANCE_SCHEME } from '../../domain/performance/DEFAULT_PERFORMANCE_SCHEME.ts'
import { nextRunState, type RunAction, type RunState } from '../../domain/performance/nextRunState.ts'
import type { Correction, PerformanceScheme, RankedScore, Scorecard } from '../../domain/performance/types.ts'
import { AppError } from '../errors.ts'
import { loadFacts, scoreFacts, scoreRows } from './scoreRun.ts'

export const SCHEME_READERS = ['admin', 'supervisor', 'leader'] as const
export const RUN_READERS = ['supervisor', 'leader'] as const
export const SUPERVISOR = ['supervisor'] as const
export const LEADER = ['leader'] as const

export const Jurisdiction = Type.String({ pattern: '^[0-9]{6}$' })
export const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })
export const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) })
export const DeptParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }), code: Type.String({ minLength: 1, maxLength: 64 }) })
export const Note = Type.Optional(Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }))
export const Reason = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false })

export interface LockedRun { id: string; jurisdiction_code: string; period: string; version: number; state: RunState; scheme: PerformanceScheme; submitted_by: string | null; time_zone: string }
export interface ScoreRow { department_code: string; department_name: string; peer_group: string; score: number; grade: string; rank: number | null; volume: number; insufficient: boolean; scorecard: RankedScore; computed: Scorecard | null }

export const nonBlank = (s: string): string => {
  const t = s.trim()
  if (t.length < 2) throw new AppError('BLANK_TEXT')
  return t
}
export const periodLabel = (month: string) => `${month.slice(0, 4)} 年 ${Number(month.slice(5, 7))} 月`
/** The role a user acts in for a step: the first of the policy's roles they hold. */
export const actingRole = (req: FastifyRequest, roles: readonly string[]) => roles.find((r) => req.user!.roles.includes(r as never)) ?? req.user!.roles[0]!
/** A scorecard without its traces and handlers (lists). */
export const summary = (s: RankedScore) => ({ ...s, handlers: undefined, lines: s.lines.map((l) => ({ ...l, trace: undefined, count: l.trace.length })) })

export async function schemeFor(db: pg.ClientBase | pg.Pool, jurisdiction: string, month: string): Promise<{ id: string | null; version: number; scheme: PerformanceScheme }> {
  const row = (await db.query<{ id: string; version: number; definition: PerformanceScheme }>(sql('perf_scheme_current'), [jurisdiction, month])).rows[0]
  return row ? { id: row.id, version: row.version, scheme: row.definition } : { id: null, version: 0, scheme: DEFAULT_PERFORMANCE_SCHEME }
}

export async function lockRun(c: pg.ClientBase, req: FastifyRequest, id: string, action: RunAction): Promise<LockedRun & { to: RunState }> {
  const run = (await c.query<LockedRun>(sql('perf_run_lock'), [req.user!.userId, id])).rows[0]
  if (!run) throw new AppError('NOT_FOUND', `performance run ${id}`)
  const step = nextRunState(run.state, action, req.user!.roles)
  if (!step.ok) throw new AppError(step.code, `${action} on a ${run.state} run`)
  return { ...run, to: step.to }
}

export async function corrections(c: pg.ClientBase, runId: string): Promise<Correction[]> {
  return (await c.query<{ id: string; department_code: string; points: number; reason: string; created_by_name: string }>(sql('perf_corrections_list'), [runId])).rows
    .map((r) => ({ id: r.id, departmentCode: r.department_code, points: r.points, reason: r.reason, by: r.created_by_name }))
}

/** Computes the run's scores from the facts now (a draft) and writes them, corrections re-applied. */
export async function computeInto(c: pg.ClientBase, runId: string, jurisdiction: string, month: string, zone: string, scheme: PerformanceScheme): Promise<number> {
  const facts = await loadFacts(c, jurisdiction, month, zone)
  const scored = scoreFacts(facts, scheme, await corrections(c, runId))
  await c.query(sql('perf_scores_upsert'), [runId, JSON.stringify(scoreRows(scored))])
  return scored.ranked.length
}

export async function step(c: pg.ClientBase, req: FastifyRequest, run: { id: string; state: RunState }, action: string, to: RunState, note: string | null, roles: readonly string[]) {
  await c.query(sql('perf_step_insert'), [run.id, action, run.state, to, note, req.user!.userId, req.user!.displayName, actingRole(req, roles)])
}
