/**
 * Open data (开放数据): every public table as CSV and JSON at a stable URL
 * (`/api/v1/public/open/<table>.csv|json`), each carrying the licence line — the CSV's first line
 * (`# …`), the JSON's `licence` — and the audit chain's daily heads as a tamper-evidence anchor.
 * The rows are those the public pages show (the same readers), so nothing personal.
 */
import type { FastifyInstance } from 'fastify'
import { OPEN_DATA_LICENCE } from '../../domain/contracts/api/publicData.ts'
import { sql } from '../../sql/queries.ts'
import { auditAnchors, publicCards, publicScorecards, publicStatistics } from './disclosure.ts'
import { publishedRanking, statisticsRanking } from './ranking.ts'

export type Cell = string | number | boolean | null

export interface OpenTable {
  name: string
  title: { zh: string; en: string }
  columns: string[]
  rows(app: FastifyInstance, jurisdiction: string): Promise<Cell[][]>
}

const rate = (r: number | null | undefined) => (r === null || r === undefined ? null : Math.round(r * 10_000) / 10_000)

export const OPEN_TABLES: OpenTable[] = [
  {
    name: 'departments',
    title: { zh: '部门', en: 'Departments' },
    columns: ['code', 'name'],
    rows: async (app) => (await app.pg.query<{ code: string; name: string }>(sql('public_departments'))).rows.map((r) => [r.code, r.name]),
  },
  {
    name: 'items',
    title: { zh: '办事指南事项', en: 'Service guide items' },
    columns: ['code', 'name', 'case_type', 'department_code', 'department_name', 'legal_limit', 'legal_unit', 'promised_limit', 'promised_unit', 'fee'],
    rows: async (app) => {
      type Row = { code: string; name: string; case_type: string; department_code: string; department_name: string; legal_limit: number | null; legal_unit: string; promised_limit: number | null; promised_unit: string; fee: number }
      return (await app.pg.query<Row>(sql('public_items'), [null, null, 100_000])).rows.map((r) => [r.code, r.name, r.case_type, r.department_code, r.department_name, r.legal_limit, r.legal_unit, r.promised_limit, r.promised_unit, Number(r.fee)])
    },
  },
  {
    name: 'ranking',
    title: { zh: '部门排名（本期）', en: 'Department ranking (current)' },
    columns: ['period', 'basis', 'department_code', 'name', 'rank', 'score', 'grade', 'volume', 'on_time', 'on_time_rate', 'insufficient'],
    rows: async (app, j) => {
      const r = (await publishedRanking(app, j)) ?? (await statisticsRanking(app, j))
      const line = (x: (typeof r.ranked)[number], insufficient: boolean): Cell[] => [r.period, r.basis, x.departmentCode, x.name, x.rank, x.score, x.grade, x.volume, x.onTime, rate(x.onTimeRate), insufficient]
      return [...r.ranked.map((x) => line(x, false)), ...r.insufficient.map((x) => line(x, true))]
    },
  },
  {
    name: 'scorecards',
    title: { zh: '绩效考核成绩（已发布各月）', en: 'Performance scores (published months)' },
    columns: ['period', 'version', 'corrected', 'published_at', 'peer_group', 'department_code', 'name', 'rank', 'score', 'grade', 'volume', 'insufficient'],
    rows: async (app, j) => {
      const latest = await publicScorecards(app, j, null)
      const out: Cell[][] = []
      for (const month of latest.publishedMonths) {
        const s = month === latest.period ? latest : await publicScorecards(app, j, month)
        const run = s.runs[0]
        for (const g of s.groups) {
          for (const c of [...g.ranked, ...g.insufficient]) out.push([month, run?.version ?? null, run?.corrected ?? null, run?.publishedAt ?? null, g.peerGroup, c.departmentCode, c.name, c.rank, c.score, c.grade, c.volume, c.insufficient])
        }
      }
      return out
    },
  },
  {
    name: 'cards',
    title: { zh: '红黄牌公开警示', en: 'Published red and yellow cards' },
    columns: ['id', 'date', 'color', 'rule', 'subject', 'department_code', 'department_name', 'item_name', 'published_at'],
    rows: async (app, j) => (await publicCards(app, j, { department: null, color: null, year: null })).items.map((c) => [c.id, c.date, c.color, c.rule, c.subject, c.departmentCode, c.departmentName, c.itemName, c.publishedAt]),
  },
  {
    name: 'statistics',
    title: { zh: '业务统计（按月）', en: 'Business statistics (monthly)' },
    columns: ['month', 'received', 'concluded', 'timed', 'on_time', 'on_time_rate', 'immediate', 'promised', 'joint', 'escalated', 'returned', 'supplemented'],
    rows: async (app, j) =>
      (await publicStatistics(app, j, null)).months.map((m) => [m.key, m.received, m.concluded, m.timed, m.onTime, rate(m.onTimeRate), m.immediate, m.promised, m.joint, m.escalated, m.returned, m.supplemented]),
  },
  {
    name: 'audit-anchors',
    title: { zh: '审计链每日链头（防篡改锚点）', en: 'Audit chain daily heads (tamper-evidence anchor)' },
    columns: ['day', 'seq', 'hash', 'at', 'final'],
    rows: async (app) => (await auditAnchors(app, 90)).map((a) => [a.day, a.seq, a.hash, a.at, a.final]),
  },
]

/** One CSV field: quoted when needed; a leading = + - @ is prefixed with ' (no formula in a spreadsheet). */
export function csvCell(v: Cell): string {
  if (v === null) return ''
  let s = String(v)
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** The CSV text: the licence line, the header, the rows (CRLF, UTF-8 with a BOM for spreadsheets). */
export function toCsv(columns: string[], rows: Cell[][]): string {
  const lines = [`# ${OPEN_DATA_LICENCE}`, columns.join(','), ...rows.map((r) => r.map(csvCell).join(','))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

export function toJson(table: OpenTable, jurisdiction: string, rows: Cell[][]): string {
  return JSON.stringify({
    licence: OPEN_DATA_LICENCE,
    table: table.name,
    title: table.title,
    jurisdictionCode: jurisdiction,
    generatedAt: new Date().toISOString(),
    columns: table.columns,
    rows: rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i] ?? null]))),
  })
}
