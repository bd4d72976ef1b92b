/**
 * /m pre-rendered for a signed-in reader: the first screen (header, 今日概览's tiles, tab bar)
 * drawn by the server inside the built page's `<div id="app" data-prerender="m-overview">`
 * (dashboard/mobileHtml.ts marks `m-home.html` so), with the figures of GET /api/v1/mobile/overview
 * read by the same query for the same user (its scope is the SQL's: visible_departments). The
 * phone paints them with the HTML, before any script; the app (features/mobile/main.ts) mounts
 * once its route is ready and replaces them, seeded with the same answer (the JSON block below,
 * read by useMobileResource.ts), so nothing blinks. Honest freshness: the mark says 数据时间 hh:mm,
 * never 实时 — it becomes live when the app's socket is up. The markup reuses the app's own classes
 * (MobileLayout.vue, FreshnessMark.vue, MobileOverview.vue: not scoped), drawn by the stylesheets
 * the page already links. No personal data: the overview is counts only. Every text is escaped.
 */
import { MOBILE_PRERENDER_SLOT, type MobileOverview } from '../../domain/contracts/api/mobile.ts'
import { esc } from '../public/prerender.ts'

export { MOBILE_PRERENDER_SLOT }

/**
 * The Chinese texts of the first screen, as dashboard/src/features/mobile/messages.ts has them
 * (server/test/mobile-prerender.test.ts checks that they are the same).
 */
export const MOBILE_PRERENDER_TEXT = {
  title: '浈江区电子监察',
  tabs: { overview: '概览', cards: '红黄牌', departments: '部门', awaiting: '待批示', inbox: '消息' },
  dataTime: '数据时间 {time}',
  scope: { jurisdiction: '全区', assigned: '分管部门（{count} 个）' },
  overview: {
    heading: '今日概览 · {date}',
    received: '今日收件', accepted: '今日受理', concluded: '今日办结', open: '在办', warning: '预警', yellow: '黄牌', red: '红牌',
    onTime: '本月按时办结率', onTimeOf: '共办结 {count} 件', petitionsOpen: '信访在办', petitionsOverdue: '信访超期',
    awaiting: '待我批示 {count} 件', change: '较昨日 {sign}{value}', rankings: '部门排名', settings: '提醒设置',
  },
} as const

const T = MOBILE_PRERENDER_TEXT
const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => esc(v[k] ?? ''))

type Key = 'received' | 'accepted' | 'concluded' | 'open' | 'warning' | 'yellow' | 'red' | 'petitionsOpen' | 'petitionsOverdue'
// the tiles as MobileOverview.vue lists them
const TILES: { key: Key; level?: string; to?: string }[] = [
  { key: 'received' }, { key: 'accepted' }, { key: 'concluded' },
  { key: 'open', to: '/m/departments' },
  { key: 'warning', level: 'warning', to: '/m/departments' },
  { key: 'yellow', level: 'yellow', to: '/m/cards?color=yellow' },
  { key: 'red', level: 'red', to: '/m/cards?color=red' },
  { key: 'petitionsOpen' }, { key: 'petitionsOverdue' },
]
// the tab bar's icons (TabIcon.vue)
const TABS: { tab: keyof typeof T.tabs; to: string; d: string }[] = [
  { tab: 'overview', to: '/m', d: 'M4 20V10m6 10V4m6 16v-7m4 7H2' },
  { tab: 'cards', to: '/m/cards', d: 'M12 3 2 20h20L12 3zm0 6v5m0 3v.5' },
  { tab: 'departments', to: '/m/departments', d: 'M12 3v5m-7 4h14M5 12v4m7-4v4m7-4v4M9 3h6v5H9zM3 16h4v4H3zm7 0h4v4h-4zm7 0h4v4h-4z' },
  { tab: 'awaiting', to: '/m/awaiting', d: 'M4 20h4L19 9l-4-4L4 16v4zm9-13 4 4' },
  { tab: 'inbox', to: '/m/inbox', d: 'M6 17V11a6 6 0 0 1 12 0v6l2 2H4l2-2zm4 4h4' },
]

/** "较昨日 +3" as the app writes it (MobileOverview.vue's `change`). */
function change(c: number | null, percent = false): string {
  if (c === null) return ''
  const v = percent ? `${Math.abs(Math.round(c * 1000) / 10)}%` : String(Math.abs(c))
  return fill(T.overview.change, { sign: c > 0 ? '+' : c < 0 ? '−' : '±', value: v })
}

/** hh:mm of an instant in the jurisdiction's zone (as the app's time.ts shows it). */
export function hhmm(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(at)
}

function tiles(o: MobileOverview): string {
  return TILES.map((x) => {
    const inner = `<span class="tile-label">${esc(T.overview[x.key])}</span><strong class="tile-value">${esc(o[x.key].value)}</strong><span class="tile-change">${change(o[x.key].change)}</span>`
    const attrs = `class="tile"${x.level ? ` data-level="${x.level}"` : ''} data-figure="${x.key}"`
    return x.to ? `<a href="${esc(x.to)}" ${attrs}>${inner}</a>` : `<div ${attrs}>${inner}</div>`
  }).join('')
}

/** The overview screen's markup (MobileOverview.vue's template, with the answer's figures). */
export function overviewMarkup(o: MobileOverview): string {
  const rate = o.onTimeRate.value === null ? '—' : `${Math.round(o.onTimeRate.value * 1000) / 10}%`
  const scope = o.scope === 'assigned' ? fill(T.scope.assigned, { count: o.departments }) : T.scope.jurisdiction
  return (
    `<div class="ov"><div class="ov-head"><h2>${fill(T.overview.heading, { date: o.localDate })}</h2><span class="m-muted" data-testid="prerendered-scope">${esc(scope)}</span></div>` +
    `<div class="ov-grid">${tiles(o)}</div>` +
    `<div class="rate m-section" data-figure="onTimeRate"><div><span class="tile-label">${esc(T.overview.onTime)}</span><span class="m-muted"> · ${fill(T.overview.onTimeOf, { count: o.onTimeRate.concluded })}</span></div>` +
    `<strong class="tile-value">${esc(rate)}</strong><span class="tile-change">${change(o.onTimeRate.change, true)}</span></div>` +
    `<div class="ov-links"><a href="/m/awaiting" class="pill">${fill(T.overview.awaiting, { count: o.awaitingInstruction })}</a>` +
    `<a href="/m/rankings" class="pill">${esc(T.overview.rankings)}</a><a href="/m/settings" class="pill">${esc(T.overview.settings)}</a></div></div>`
  )
}

/** A JSON data block (not run: no script-src needed); `<` escaped so no text can close it. */
const jsonBlock = (v: unknown) => `<script type="application/json" data-prerendered-data>${JSON.stringify(v).replace(/</g, '\\u003c')}</script>`

/**
 * m-home.html with /m's first screen in its slot (the page unchanged when it has no slot).
 * `url`: the overview's API path, under which the app takes the seeded answer.
 */
export function mobileHomePage(shell: string, o: MobileOverview, opts: { url: string; zone: string }): string {
  if (!shell.includes(MOBILE_PRERENDER_SLOT)) return shell
  const asOf = new Date(o.asOf)
  const head =
    `<header class="m-head"><h1 class="m-title">${esc(T.title)}</h1>` +
    `<span class="fresh" data-state="loading" role="status" data-testid="prerendered-fresh"><span class="dot" aria-hidden="true"></span>${fill(T.dataTime, { time: hhmm(asOf, opts.zone) })}</span></header>`
  const tabs = TABS.map(
    (x) =>
      `<a href="${x.to}" class="m-tab${x.tab === 'overview' ? ' m-tab--active" aria-current="page' : ''}" data-tab="${x.tab}"><span class="m-tab-icon-wrap">` +
      `<svg class="m-tab-icon" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="${x.d}"/></svg>` +
      `</span><span class="m-tab-label">${esc(T.tabs[x.tab])}</span></a>`,
  ).join('')
  const page =
    `<div class="m-root" data-prerendered>${head}<main class="m-main">${overviewMarkup(o)}</main>` +
    `<nav class="m-tabs" aria-label="${esc(T.title)}">${tabs}</nav>${jsonBlock({ url: opts.url, at: asOf.getTime(), body: o })}</div>`
  return shell.replace(MOBILE_PRERENDER_SLOT, () => `<div id="app">${page}</div>`)
}
