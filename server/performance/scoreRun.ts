/**
 * A scoring run's computation: read a month's facts for every department of a jurisdiction from
 * the stored tables (one statement per kind of fact, set-based), score each department with the
 * domain code, apply the review's corrections, rank within peer groups. Shared by the API and the
 * benchmark (bench/scoring.bench.ts); reads only.
 */
import type pg from 'pg'
import { sql } from '../../sql/queries.ts'
import { applyCorrections } from '../../domain/performance/applyCorrections.ts'
import { performancePeriod } from '../../domain/performance/performancePeriod.ts'
import { rankScorecards } from '../../domain/performance/rankScorecards.ts'
import { scoreDepartment } from '../../domain/performance/scoreDepartment.ts'
import type { Correction, DepartmentFacts, PerformanceScheme, RankedScore, Scorecard } from '../../domain/performance/types.ts'

interface CaseRow { department_code: string; case_no: string; handler: string | null; concluded_at: Date; concluded_date: string; deadline_date: string | null; warned: boolean; supplement_count: number }
interface CardRow { department_code: string; id: string; subject: 'case' | 'petition' | 'order'; subject_no: string; color: 'yellow' | 'red'; rule: string; issued_at: Date; handler: string | null }

/**
 * Every department's facts for one month (`YYYY-MM`) in the jurisdiction's zone. Run it inside the
 * scoring run's transaction: JIT is switched off for the rest of that transaction.
 */
export async function loadFacts(db: pg.ClientBase, jurisdictionCode: string, month: string, zone: string): Promise<DepartmentFacts[]> {
  const p = performancePeriod(month, zone)
  if (!p || p.kind !== 'month') throw new Error(`not a month: ${month}`)
  await db.query(sql('perf_jit_off'))
  const from = new Date(p.startAt)
  const to = new Date(p.endAt)
  const depts = (await db.query<{ code: string; name: string; kind: string }>(sql('perf_departments'), [jurisdictionCode])).rows
  const by = new Map<string, DepartmentFacts>(depts.map((d) => [d.code, { departmentCode: d.code, name: d.name, kind: d.kind, cases: [], cards: [], petitions: [], ratings: [], orders: [] }]))
  const cases = (await db.query<CaseRow>(sql('perf_facts_cases'), [jurisdictionCode, from, to, zone])).rows
  for (const r of cases) {
    by.get(r.department_code)?.cases.push({
      caseNo: r.case_no, handler: r.handler, concludedAt: r.concluded_at.toISOString(), concludedDate: r.concluded_date,
      deadlineDate: r.deadline_date, warned: r.warned, supplementCount: r.supplement_count,
    })
  }
  for (const r of (await db.query<CardRow>(sql('perf_facts_cards'), [jurisdictionCode, from, to])).rows) {
    by.get(r.department_code)?.cards.push({ id: r.id, subject: r.subject, subjectNo: r.subject_no, color: r.color, rule: r.rule, issuedAt: r.issued_at.toISOString(), handler: r.handler })
  }
  for (const r of (await db.query<{ department_code: string; petition_no: string; on_time: boolean }>(sql('perf_facts_petitions'), [jurisdictionCode, p.startDate, p.endDate, zone])).rows) {
    by.get(r.department_code)?.petitions.push({ petitionNo: r.petition_no, onTime: r.on_time })
  }
  for (const r of (await db.query<{ department_code: string; petition_no: string; rating: 1 | 2 | 3 | 4 | 5 }>(sql('perf_facts_ratings'), [jurisdictionCode, from, to])).rows) {
    by.get(r.department_code)?.ratings.push({ petitionNo: r.petition_no, rating: r.rating })
  }
  for (const r of (await db.query<{ department_code: string; order_no: string; on_time: boolean }>(sql('perf_facts_orders'), [jurisdictionCode, p.startDate, p.endDate])).rows) {
    by.get(r.department_code)?.orders.push({ orderNo: r.order_no, onTime: r.on_time })
  }
  return [...by.values()]
}

export interface ScoredRun {
  computed: Scorecard[]
  ranked: RankedScore[]
}

/** Scores the facts, applies the corrections and ranks within peer groups. Pure given its inputs. */
export function scoreFacts(facts: readonly DepartmentFacts[], scheme: PerformanceScheme, corrections: readonly Correction[] = []): ScoredRun {
  const computed = facts.map((f) => scoreDepartment(f, scheme))
  const corrected = computed.map((c) => applyCorrections(c, corrections, scheme))
  const ranked = rankScorecards(corrected).flatMap((g) => [...g.ranked, ...g.insufficient])
  return { computed, ranked }
}

/** The rows `perf_scores_upsert` takes. */
export function scoreRows(run: ScoredRun): unknown[] {
  const computedBy = new Map(run.computed.map((c) => [c.departmentCode, c]))
  return run.ranked.map((s) => ({
    department_code: s.departmentCode, department_name: s.name, peer_group: s.peerGroup, score: s.score, grade: s.grade, rank: s.rank,
    // the computed scorecard is kept apart only when corrections changed it
    volume: s.volume, insufficient: s.insufficient, computed: s.lines.some((l) => l.kind === 'correction') ? computedBy.get(s.departmentCode) : null, scorecard: s,
  }))
}
