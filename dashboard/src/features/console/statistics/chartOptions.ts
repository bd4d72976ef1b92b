/**
 * ECharts options of the statistics page (pure; tested in chartOptions.test.ts). Series have fixed
 * ids so an update merges into the same chart.
 */
import type { PetitionRow, StatLevel, TimeLimitBucket, TimeLimitRow, TypeKey, TypeRow } from '../../../../../domain/statistics/contract.ts'
import { STAT_LEVELS, TYPE_KEYS } from './constants.ts'

export type ChartOption = Record<string, unknown>

export const LEVEL_COLORS: Record<StatLevel, string> = { normal: '#2fbf71', warning: '#3fa7ff', yellow: '#f5c518', red: '#e5484d' }

/** Stacked bars: one bar per group for one bucket, one stack per level. */
export function timeLimitOption(rows: readonly TimeLimitRow[], bucket: TimeLimitBucket, levelNames: Record<StatLevel, string>): ChartOption {
  const mine = rows.filter((r) => r.bucket === bucket)
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 64 },
    xAxis: { type: 'category', data: mine.map((r) => r.name), axisLabel: { interval: 0, rotate: mine.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: STAT_LEVELS.map((l) => ({ id: l, name: levelNames[l], type: 'bar', stack: 'level', data: mine.map((r) => r.counts[l]), itemStyle: { color: LEVEL_COLORS[l] } })),
  }
}

/** Grouped bars: the six types for each period (all departments together). */
export function typesOption(rows: readonly TypeRow[], periodNames: Record<string, string>, typeNames: Record<TypeKey, string>): ChartOption {
  const all = rows.filter((r) => r.departmentCode === null)
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: all.map((r) => periodNames[r.period] ?? r.period) },
    yAxis: { type: 'value', minInterval: 1 },
    series: TYPE_KEYS.map((k) => ({ id: k, name: typeNames[k], type: 'bar', data: all.map((r) => r.counts[k]) })),
  }
}

/** Stacked bars of answered on time, late and not answered per group. */
export function petitionsOption(rows: readonly PetitionRow[], names: { onTime: string; late: string; unanswered: string }): ChartOption {
  const parts = [
    { id: 'onTime', color: '#2fbf71', pick: (r: PetitionRow) => r.onTime },
    { id: 'late', color: '#e5484d', pick: (r: PetitionRow) => r.late },
    { id: 'unanswered', color: '#9aa4b2', pick: (r: PetitionRow) => r.unanswered },
  ] as const
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 48 },
    xAxis: { type: 'category', data: rows.map((r) => r.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: parts.map((p) => ({ id: p.id, name: names[p.id], type: 'bar', stack: 'answer', data: rows.map(p.pick), itemStyle: { color: p.color } })),
  }
}
