/**
 * Items of the catalogue for approval-module tests (the harness seeds departments but no items).
 */
import type pg from 'pg'
import { DEPTS } from './harness.ts'

const [SCJG, ZJJ] = DEPTS

export const WINDOW_ITEMS = {
  /** promised, full stage set, free */
  promised: { code: 'SCJG-W01', department: SCJG, name: '食品经营许可', caseType: 'promised', legal: 20, promised: 10, fee: 0, stages: ['accepted', 'undertaken', 'reviewed', 'approved', 'concluded'] },
  /** immediate: accepted → concluded */
  immediate: { code: 'SCJG-W02', department: SCJG, name: '个体工商户登记', caseType: 'immediate', legal: 0, promised: 0, fee: 0, stages: ['accepted', 'concluded'] },
  /** another department's item, with a fee */
  other: { code: 'ZJJ-W01', department: ZJJ, name: '建筑工程施工许可', caseType: 'promised', legal: 15, promised: 7, fee: 100, stages: ['accepted', 'undertaken', 'reviewed', 'approved', 'concluded'] },
} as const

export async function seedWindowItems(pool: pg.Pool): Promise<void> {
  for (const it of Object.values(WINDOW_ITEMS)) {
    await pool.query(
      `INSERT INTO items (code, department_code, name, case_type, legal_limit, promised_limit, fee_standard, stage_set) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [it.code, it.department, it.name, it.caseType, it.legal, it.promised, it.fee, it.stages],
    )
  }
}
