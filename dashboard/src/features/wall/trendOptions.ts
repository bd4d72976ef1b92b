/**
 * ECharts options of the trend panel, built from live data (pure; tested in trendOptions.test.ts).
 * Every series has a fixed `id`, so `setOption(next, { notMerge: false })` updates the same chart in
 * place, however often it is called. `u` is one design pixel (see WallLayout.vue).
 */
import type { WallTrendPoint, WallTrends } from '../../../../domain/realtime/wall.ts'
import { LEVEL_COLORS, LEVELS } from './wallView.ts'
import type { Level } from '../../../../domain/clock/types.ts'

/** A loose ECharts option: the builders below only use plain objects and arrays. */
export type ChartOption = Record<string, unknown>

const TEXT = '#c8dcff'
const LINE = 'rgba(80,160,255,0.25)'

const axisText = (u: number) => ({ color: TEXT, fontSize: Math.round(13 * u) })

function base(u: number): ChartOption {
  return {
    animationDurationUpdate: 300,
    textStyle: { fontSize: Math.round(13 * u), color: TEXT },
    grid: { left: Math.round(44 * u), right: Math.round(12 * u), top: Math.round(34 * u), bottom: Math.round(26 * u) },
    legend: { top: 0, right: 0, textStyle: { color: TEXT, fontSize: Math.round(13 * u) }, itemWidth: Math.round(16 * u), itemHeight: Math.round(9 * u) },
  }
}

/** Received vs concluded: a bar and a line over the labels (hours of today or days of the month). */
export function flowOption(points: readonly WallTrendPoint[], names: { received: string; concluded: string }, u: number): ChartOption {
  const labels = points.map((p) => (p.label.length === 10 ? p.label.slice(8) : p.label.slice(0, 2)))
  return {
    ...base(u),
    xAxis: { type: 'category', data: labels, axisLabel: axisText(u), axisLine: { lineStyle: { color: LINE } } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: axisText(u), splitLine: { lineStyle: { color: LINE } } },
    series: [
      { id: 'received', name: names.received, type: 'bar', data: points.map((p) => p.received), itemStyle: { color: '#3fa7ff' }, barMaxWidth: Math.round(14 * u) },
      { id: 'concluded', name: names.concluded, type: 'line', data: points.map((p) => p.concluded), smooth: true, symbol: 'none', lineStyle: { width: Math.max(1, Math.round(2 * u)), color: '#2fbf71' }, itemStyle: { color: '#2fbf71' } },
    ],
  }
}

const TYPE_COLORS = ['#3fa7ff', '#2fbf71', '#a77bff', '#ff9f1a', '#ff4d4f', '#ffd21f']

/** Case-type mix as a ring; every type keeps its slot (and colour) even at 0. */
export function caseTypeOption(caseTypes: WallTrends['caseTypes'], names: Record<WallTrends['caseTypes'][number]['type'], string>, u: number): ChartOption {
  const order = ['immediate', 'promised', 'joint', 'escalated', 'returned', 'supplemented'] as const
  const count = new Map(caseTypes.map((c) => [c.type, c.count]))
  return {
    animationDurationUpdate: 300,
    textStyle: { fontSize: Math.round(13 * u), color: TEXT },
    series: [
      {
        id: 'caseTypes',
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '55%'],
        label: { color: TEXT, fontSize: Math.round(13 * u), formatter: '{b}\n{c}' },
        labelLine: { length: Math.round(6 * u), length2: Math.round(6 * u) },
        data: order.map((t, i) => ({ name: names[t], value: count.get(t) ?? 0, itemStyle: { color: TYPE_COLORS[i] } })),
      },
    ],
  }
}

/** Open petitions: one horizontal stacked bar per kind, one series per level. */
export function petitionOption(
  petitions: WallTrends['petitions'],
  kinds: Record<WallTrends['petitions'][number]['kind'], string>,
  levels: Record<Level, string>,
  u: number,
): ChartOption {
  const order = ['consultation', 'complaint', 'petition', 'mailbox', 'efficiencyComplaint'] as const
  const byKind = new Map(petitions.map((p) => [p.kind, p]))
  return {
    ...base(u),
    grid: { left: Math.round(70 * u), right: Math.round(12 * u), top: Math.round(30 * u), bottom: Math.round(20 * u) },
    xAxis: { type: 'value', minInterval: 1, axisLabel: axisText(u), splitLine: { lineStyle: { color: LINE } } },
    yAxis: { type: 'category', data: order.map((k) => kinds[k]), axisLabel: axisText(u), axisLine: { lineStyle: { color: LINE } } },
    series: LEVELS.map((l) => ({ id: l, name: levels[l], type: 'bar', stack: 'level', barMaxWidth: Math.round(16 * u), itemStyle: { color: LEVEL_COLORS[l] }, data: order.map((k) => byKind.get(k)?.[l] ?? 0) })),
  }
}
