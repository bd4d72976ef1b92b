/**
 * The statistics page's two charts, with only the ECharts parts they use (bar, line, grid,
 * legend, SVG renderer): loaded by the statistics page alone, so the rest of /public stays light.
 */
import { init, use, type EChartsType } from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import type { PublicStatisticsRow } from '../../../../domain/contracts/api/publicData.ts'

use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer])

export interface ChartLabels {
  received: string
  concluded: string
  onTimeRate: string
  immediate: string
  promised: string
  joint: string
  escalated: string
  returned: string
  supplemented: string
}

const grid = { left: 40, right: 40, top: 40, bottom: 28 }

export function monthlyChart(el: HTMLElement, rows: readonly PublicStatisticsRow[], l: ChartLabels): EChartsType {
  const chart = init(el, undefined, { renderer: 'svg' })
  chart.setOption({
    animation: false,
    grid,
    legend: { top: 0 },
    xAxis: { type: 'category', data: rows.map((r) => r.key.slice(2)) },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }],
    series: [
      { name: l.received, type: 'bar', data: rows.map((r) => r.received), itemStyle: { color: '#1f5fbf' } },
      { name: l.concluded, type: 'bar', data: rows.map((r) => r.concluded), itemStyle: { color: '#0b7a3e' } },
      { name: l.onTimeRate, type: 'line', yAxisIndex: 1, data: rows.map((r) => (r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10)), itemStyle: { color: '#a31515' } },
    ],
  })
  return chart
}

export function typesChart(el: HTMLElement, rows: readonly PublicStatisticsRow[], l: ChartLabels): EChartsType {
  const chart = init(el, undefined, { renderer: 'svg' })
  const keys = ['immediate', 'promised', 'joint', 'escalated'] as const
  const colors = ['#1f5fbf', '#0b7a3e', '#8a4b00', '#6b21a8']
  chart.setOption({
    animation: false,
    grid: { ...grid, top: 64 },
    legend: { top: 0 },
    xAxis: { type: 'category', data: rows.map((r) => r.key.slice(2)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...keys.map((k, i) => ({ name: l[k], type: 'bar', stack: 'types', data: rows.map((r) => r[k]), itemStyle: { color: colors[i] } })),
      { name: l.returned, type: 'line', data: rows.map((r) => r.returned), itemStyle: { color: '#a31515' } },
      { name: l.supplemented, type: 'line', data: rows.map((r) => r.supplemented), itemStyle: { color: '#555' } },
    ],
  })
  return chart
}
