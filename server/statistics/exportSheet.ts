/**
 * The statistics XLSX export: one view (time limits, types, petitions or a custom report) as a
 * sheet with its title, the filter written above the table, the header and the rows, then
 * streamed as a workbook.
 */
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import {
  PETITION_GROUPS, STAT_LEVELS, TIME_LIMIT_GROUPS, TYPE_KEYS,
  type CustomDefinition, type StatPeriod, type TimeLimitGroup,
} from '../../domain/statistics/contract.ts'
import { STAT_LABELS, type SheetLang } from '../../domain/statistics/labels.ts'
import { sheetRows } from '../../domain/statistics/sheet.ts'
import { AppError } from '../errors.ts'
import type { UserPrincipal } from '../auth/session.ts'
import type { StatisticsReader } from './reader.ts'
import { definitionCheck } from './schemas.ts'

export type ExportView = 'timeLimit' | 'types' | 'petitions' | 'custom'

export interface ExportQuery {
  view: ExportView
  period?: StatPeriod
  at?: string
  from?: string
  to?: string
  jurisdiction?: string
  group?: string
  department?: string
  definition?: string
}

interface Sheet {
  title: string
  filter: [string, string][]
  header: string[]
  rows: (string | number | null)[][]
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 100)

async function timeLimitSheet(reader: StatisticsReader, user: UserPrincipal, q: ExportQuery, lang: SheetLang): Promise<Sheet> {
  const L = STAT_LABELS[lang]
  if (q.group !== undefined && !(TIME_LIMIT_GROUPS as readonly string[]).includes(q.group)) throw new AppError('VALIDATION_FAILED', 'querystring/group')
  const r = await reader.timeLimits(user, { ...q, group: q.group as TimeLimitGroup | undefined }, lang)
  return {
    title: L.timeLimit,
    filter: [[L.period, `${r.period.label} (${r.period.from} – ${r.period.to})`], [L.group, L[r.group]], [L.department, q.department ?? L.all]],
    header: [L[r.group], '', ...STAT_LEVELS.flatMap((l) => [L.levels[l], `${L.levels[l]} ${L.share} %`]), L.total],
    rows: [...r.totals, ...r.rows].map((x) => [x.name, L.bucket[x.bucket], ...STAT_LEVELS.flatMap((l) => [x.counts[l], pct(x.shares[l])]), x.total]),
  }
}

async function typeSheet(reader: StatisticsReader, user: UserPrincipal, q: ExportQuery, lang: SheetLang): Promise<Sheet> {
  const L = STAT_LABELS[lang]
  const r = await reader.types(user, q, lang)
  return {
    title: L.types,
    filter: r.rows.filter((x) => x.departmentCode === null).map((x) => [L.typePeriods[x.period], x.from ? `${x.label} (${x.from} – ${x.to})` : L.all]),
    header: [L.period, L.department, L.total, ...TYPE_KEYS.flatMap((k) => [L.types_[k], `${L.types_[k]} ${L.share} %`])],
    rows: r.rows.map((x) => [L.typePeriods[x.period], x.name, x.total, ...TYPE_KEYS.flatMap((k) => [x.counts[k], pct(x.shares[k])])]),
  }
}

async function petitionSheet(reader: StatisticsReader, user: UserPrincipal, q: ExportQuery, lang: SheetLang): Promise<Sheet> {
  const L = STAT_LABELS[lang]
  if (q.group !== undefined && !(PETITION_GROUPS as readonly string[]).includes(q.group)) throw new AppError('VALIDATION_FAILED', 'querystring/group')
  const r = await reader.petitions(user, { ...q, group: q.group as (typeof PETITION_GROUPS)[number] | undefined })
  return {
    title: L.petitions,
    filter: [[L.period, `${r.period.label} (${r.period.from} – ${r.period.to})`], [L.group, L.petitionGroups[r.group]]],
    header: [L.petitionGroups[r.group], ...L.petitionCols],
    rows: r.rows.map((x) => [x.name, x.total, x.closed, x.onTime, x.late, x.unanswered, x.overdue, x.rated, x.satisfied, pct(x.onTimeRate), pct(x.satisfaction), x.ratingMean]),
  }
}

async function customSheet(reader: StatisticsReader, user: UserPrincipal, q: ExportQuery, lang: SheetLang): Promise<Sheet> {
  const L = STAT_LABELS[lang]
  let def: CustomDefinition
  try {
    def = JSON.parse(q.definition ?? '') as CustomDefinition
  } catch {
    throw new AppError('VALIDATION_FAILED', 'querystring/definition must be JSON')
  }
  if (!definitionCheck.Check(def)) throw new AppError('VALIDATION_FAILED', 'querystring/definition is not a report definition')
  const r = await reader.custom(user, def, q.jurisdiction)
  const dims = r.definition.dimensions
  const filter: [string, string][] = [[L.period, `${def.from} – ${def.to}`], ...Object.entries(def.filter ?? {}).map(([k, v]) => [(L as unknown as Record<string, string>)[k] ?? k, String(v)] as [string, string])]
  if (def.grain) filter.push([L.dims.period, def.grain])
  return {
    title: L.custom,
    filter,
    header: [...dims.map((d) => L.dims[d]), ...def.measures.map((m) => L.measures[m])],
    rows: r.rows.map((x) => [...dims.map((d) => x.names[d] ?? ''), ...def.measures.map((m) => (m === 'onTimeRate' ? pct(x.values[m] ?? null) : (x.values[m] ?? null)))]),
  }
}

const SHEETS: Record<ExportView, (reader: StatisticsReader, user: UserPrincipal, q: ExportQuery, lang: SheetLang) => Promise<Sheet>> = {
  timeLimit: timeLimitSheet,
  types: typeSheet,
  petitions: petitionSheet,
  custom: customSheet,
}

/** The view's sheet, with the export time as the filter's last line. */
export async function statisticsSheet(reader: StatisticsReader, user: UserPrincipal, q: ExportQuery, lang: SheetLang): Promise<Sheet> {
  const sheet = await SHEETS[q.view](reader, user, q, lang)
  sheet.filter.push([STAT_LABELS[lang].exportedAt, new Date().toISOString()])
  return sheet
}

/** The sheet as a streamed XLSX workbook. */
export function workbookStream(sheet: Sheet): PassThrough {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
  const ws = workbook.addWorksheet(sheet.title)
  for (const row of sheetRows(sheet)) ws.addRow(row).commit()
  ws.commit()
  void workbook.commit()
  return out
}
