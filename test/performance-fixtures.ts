/**
 * Stored facts for the performance tests: the worked example of domain/performance/_fixtures.ts
 * written into the tables a scoring run reads (cases, case_clocks, level_changes, cards,
 * petitions), plus a failing department (住建局, red cards) and nothing for 公安分局 (样本不足).
 */
import type pg from 'pg'
import { WORKED_EXAMPLE } from '../domain/performance/_fixtures.ts'

const at = (date: string, time = '10:00:00') => `${date}T${time}+08:00`

/** Inserts one concluded case with its clock; `warned`: its warning day is the day it concluded (none otherwise). */
export async function insertConcludedCase(
  pool: pg.Pool,
  c: { caseNo: string; departmentCode: string; handler: string | null; concludedAt: string; deadlineDate: string | null; warned?: boolean; supplementCount?: number },
): Promise<void> {
  await pool.query(
    `INSERT INTO cases (case_no, department_code, status, state, event_count, last_occurred_at, accepted_at, concluded_at, handler, supplement_count, jurisdiction_code)
     VALUES ($1, $2, 'concluded', '{}', 1, $3, $3::timestamptz - interval '5 days', $3, $4, $5, '440204')`,
    [c.caseNo, c.departmentCode, c.concludedAt, c.handler, c.supplementCount ?? 0],
  )
  await pool.query(
    `INSERT INTO case_clocks (case_no, jurisdiction_code, department_code, clock_status, deadline_date, warning_from)
     VALUES ($1, '440204', $2, 'closed', $3, CASE WHEN $4 THEN ($5::timestamptz AT TIME ZONE 'Asia/Shanghai')::date END)`,
    [c.caseNo, c.departmentCode, c.deadlineDate, c.warned ?? false, c.concludedAt],
  )
}

/** Inserts a card (never revoked). */
export async function insertCard(pool: pg.Pool, c: { subject: string; subjectNo: string; departmentCode: string; color: 'yellow' | 'red'; rule: string; issuedAt: string }): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO cards (subject, subject_no, department_code, color, rule, reason, issued_at) VALUES ($1, $2, $3, $4, $5, 'test', $6) RETURNING id::text`,
    [c.subject, c.subjectNo, c.departmentCode, c.color, c.rule, c.issuedAt],
  )
  return rows[0]!.id
}

async function insertPetition(pool: pg.Pool, p: { petitionNo: string; departmentCode: string; deadlineDate: string; repliedAt: string | null; rating: number | null }) {
  await pool.query(
    `INSERT INTO petitions (petition_no, department_code, petition_kind, channel, status, state, event_count, last_occurred_at, received_at, replied_at, closed_at, rating, deadline_date, jurisdiction_code)
     VALUES ($1, $2, 'complaint', 'web', 'closed', '{}', 1, coalesce($4, now()), $3::date - 10, $4, $4, $5, $3, '440204')`,
    [p.petitionNo, p.departmentCode, p.deadlineDate, p.repliedAt, p.rating],
  )
}

/**
 * The worked example as stored rows (November 2026). Its expected scores under the default scheme:
 * 市场监管局 71.33 (the domain example's 66.33 with full points for orders, as it has none here:
 * 53.33 + 9 + 7.5 + 7.5 + 10 + 4 − 15 − 3 − 2), 住建局 不合格, 公安分局 样本不足.
 * Returns the card ids in the order of WORKED_EXAMPLE.cards.
 */
export async function seedWorkedExample(pool: pg.Pool): Promise<{ cardIds: string[] }> {
  const d = WORKED_EXAMPLE.departmentCode
  for (const c of WORKED_EXAMPLE.cases) {
    await insertConcludedCase(pool, { caseNo: c.caseNo, departmentCode: d, handler: c.handler, concludedAt: c.concludedAt, deadlineDate: c.deadlineDate, warned: c.warned, supplementCount: c.supplementCount })
  }
  // petitions: P1, P3, P4 on time, P2 late; ratings 5, 4, 3 and P5's 2 (P5 due in December: rated, not counted as due)
  await insertPetition(pool, { petitionNo: 'P1', departmentCode: d, deadlineDate: '2026-11-10', repliedAt: at('2026-11-09'), rating: 5 })
  await insertPetition(pool, { petitionNo: 'P2', departmentCode: d, deadlineDate: '2026-11-12', repliedAt: at('2026-11-20'), rating: null })
  await insertPetition(pool, { petitionNo: 'P3', departmentCode: d, deadlineDate: '2026-11-20', repliedAt: at('2026-11-20', '23:30:00'), rating: 4 })
  await insertPetition(pool, { petitionNo: 'P4', departmentCode: d, deadlineDate: '2026-11-25', repliedAt: at('2026-11-18'), rating: 3 })
  await insertPetition(pool, { petitionNo: 'P5', departmentCode: d, deadlineDate: '2026-12-04', repliedAt: at('2026-11-26'), rating: 2 })
  const cardIds: string[] = []
  for (const k of WORKED_EXAMPLE.cards) {
    cardIds.push(await insertCard(pool, { subject: k.subject, subjectNo: k.subjectNo, departmentCode: d, color: k.color, rule: k.rule, issuedAt: k.issuedAt }))
  }
  // 住建局: 6 cases, 2 late, 5 red cards → 60 × 4/6 + 40 − 50 = 30 (不合格)
  for (let i = 1; i <= 6; i++) {
    await insertConcludedCase(pool, { caseNo: `Z${i}`, departmentCode: '440204-ZJJ', handler: '王五', concludedAt: at(`2026-11-${String(10 + i)}`), deadlineDate: i <= 2 ? '2026-11-05' : `2026-11-${String(10 + i)}` })
  }
  for (let i = 1; i <= 5; i++) await insertCard(pool, { subject: 'case', subjectNo: `Z${(i % 2) + 1}`, departmentCode: '440204-ZJJ', color: 'red', rule: 'overdue', issuedAt: at(`2026-11-0${i + 1}`) })
  // 公安分局: 2 cases, both on time → 100 points on 2 cases: listed apart (样本不足), never first
  for (let i = 1; i <= 2; i++) await insertConcludedCase(pool, { caseNo: `G${i}`, departmentCode: '440204-GA', handler: '赵六', concludedAt: at('2026-11-16'), deadlineDate: '2026-11-20' })
  return { cardIds }
}
