/**
 * Pre-rendered HTML of the public site's content pages (a guide item, an announcement, a published
 * answer), so that search engines, old phones and readers without JavaScript see the content: the
 * server puts it inside the SPA shell's `<div id="app">` (the SPA replaces it when it boots), or
 * into a small document of its own when the dashboard is not built. Every text is escaped.
 */

import type { PublicRanking, PublicRankingRow } from '../../domain/contracts/api/public.ts'

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes a text for HTML content and attribute values. */
export const esc = (s: string | number | null | undefined): string => String(s ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!)

/** Paragraphs of a plain text (blank lines separate them; line breaks kept). */
export const paragraphs = (text: string): string =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n')

export interface StaticPage {
  title: string
  description: string
  /** The page's content (already escaped HTML). */
  body: string
}

const STYLE =
  '.pub-static{max-width:720px;margin:0 auto;padding:16px;font:16px/1.7 system-ui,sans-serif;color:#1f2933}' +
  '.pub-static a{color:#0b5cad;display:inline-block;min-height:44px;line-height:44px}.pub-static dt{font-weight:600}.pub-static dd{margin:0 0 8px}' +
  '.pub-static table{width:100%;border-collapse:collapse;font-size:15px}.pub-static th,.pub-static td{text-align:left;padding:8px 6px;border-bottom:1px solid #d9dee7}' +
  '.pub-static .num{text-align:right;font-variant-numeric:tabular-nums}'

/**
 * The page inside the SPA shell (the built index.html), or in a small document of its own.
 * `head`: links the shell adds (public/shell.ts: the page's chunks and data, preloaded).
 */
export function renderPage(page: StaticPage, shell: string | null, head: readonly string[] = []): string {
  // the site's footer as the SPA's layout shows it (no personal data on the site), with the content
  const main =
    `<main class="pub-static" data-prerendered><nav aria-label="站点导航"><a href="/public">浈江区电子监察网站（首页）</a></nav>\n${page.body}\n` +
    `<footer>本站公示的数据不含任何个人信息。投诉、咨询进入电子监察系统，与其他信访件一样计时、预警、亮牌。</footer></main>`
  const title = `${esc(page.title)} - 浈江区电子监察网站`
  if (shell && shell.includes('<div id="app"></div>')) {
    return shell
      .replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`)
      .replace(/<meta name="description" content="[^"]*"\s*\/?>/, () => `<meta name="description" content="${esc(page.description)}" />`)
      .replace('</head>', () => `${head.join('')}<style>${STYLE}</style></head>`)
      .replace('<div id="app"></div>', () => `<div id="app">${main}</div>`)
  }
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="description" content="${esc(page.description)}"><title>${title}</title><style>${STYLE}</style></head><body>${main}</body></html>`
  )
}

const UNIT: Record<string, string> = { workday: '个工作日', day: '个自然日' }

export interface ItemPageData {
  code: string
  name: string
  departmentName: string
  legalLimit: number | null
  legalUnit: string
  promisedLimit: number | null
  promisedUnit: string
  fee: number
  feeBasis: string | null
  materials: readonly string[]
  process: string | null
  concluded: number
  onTime: number
}

export function itemPage(i: ItemPageData): StaticPage {
  const limit = (n: number | null, unit: string) => (n === null ? '—' : `${n} ${UNIT[unit] ?? unit}`)
  const rate = i.concluded > 0 ? `${((i.onTime / i.concluded) * 100).toFixed(1)}%（近一年办结 ${i.concluded} 件）` : '近一年暂无办结'
  const rows: [string, string][] = [
    ['实施部门', esc(i.departmentName)],
    ['事项编码', esc(i.code)],
    ['法定时限', esc(limit(i.legalLimit, i.legalUnit))],
    ['承诺时限', esc(limit(i.promisedLimit, i.promisedUnit))],
    ['收费标准', i.fee > 0 ? `${esc(i.fee)} 元` : '不收费'],
    ['收费依据', esc(i.feeBasis ?? '—')],
    ['按时办结率', esc(rate)],
  ]
  const body = [
    `<h1>${esc(i.name)}</h1>`,
    `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    `<h2>申请材料</h2>`,
    i.materials.length > 0 ? `<ol>${i.materials.map((m) => `<li>${esc(m)}</li>`).join('')}</ol>` : '<p>—</p>',
    `<h2>办理流程</h2>`,
    i.process ? paragraphs(i.process) : '<p>—</p>',
    `<p><a href="/public/guide">返回办事指南</a></p>`,
  ].join('\n')
  const description = `${i.name}（${i.departmentName}）：法定时限 ${limit(i.legalLimit, i.legalUnit)}，承诺时限 ${limit(i.promisedLimit, i.promisedUnit)}，${i.fee > 0 ? `收费 ${i.fee} 元` : '不收费'}。`
  return { title: i.name, description, body }
}

const COLUMN: Record<string, string> = { news: '监察动态', notice: '监察公告', law: '法律法规', hot: '热点问题' }
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '—')

export function announcementPage(a: { column: string; title: string; body: string; publishedAt: Date }): StaticPage {
  const body = [
    `<article><header><p>${esc(COLUMN[a.column] ?? a.column)} · <time datetime="${esc(a.publishedAt.toISOString())}">${day(a.publishedAt)}</time></p>`,
    `<h1>${esc(a.title)}</h1></header>`,
    paragraphs(a.body),
    `</article>`,
    `<p><a href="/public/notices">返回公告栏目</a></p>`,
  ].join('\n')
  return { title: a.title, description: `${COLUMN[a.column] ?? ''}：${a.title}`, body }
}

export function answerPage(a: { subject: string; answer: string; departmentName: string | null; receivedAt: Date | null; repliedAt: Date | null }): StaticPage {
  const body = [
    `<article><h1>${esc(a.subject)}</h1>`,
    `<dl><dt>答复部门</dt><dd>${esc(a.departmentName ?? '—')}</dd><dt>来信日期</dt><dd>${day(a.receivedAt)}</dd><dt>答复日期</dt><dd>${day(a.repliedAt)}</dd></dl>`,
    `<h2>答复内容</h2>`,
    paragraphs(a.answer),
    `</article>`,
    `<p><a href="/public/letters">返回信件公开</a></p>`,
  ].join('\n')
  return { title: a.subject, description: `信件公开：${a.subject}`, body }
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)

/** A ranking table as the SPA draws it (RankingTable.vue): department names and figures only. */
function rankingTable(rows: readonly PublicRankingRow[], caption: string, showScore: boolean): string {
  const head = `<tr><th scope="col" class="num">名次</th><th scope="col">部门</th>${showScore ? '<th scope="col" class="num">得分</th>' : ''}<th scope="col" class="num">按时办结率</th><th scope="col" class="num">办结件数</th></tr>`
  const body = rows.length
    ? rows.map((r) => `<tr><td class="num">${esc(r.rank ?? '—')}</td><td>${esc(r.name)}</td>${showScore ? `<td class="num">${esc(r.score ?? '—')}</td>` : ''}<td class="num">${pct(r.onTimeRate)}</td><td class="num">${esc(r.volume)}</td></tr>`).join('')
    : `<tr><td colspan="${showScore ? 5 : 4}">暂无数据</td></tr>`
  return `<table><caption>${esc(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`
}

/** The department ranking (绩效排名): the published evaluation, else this month's on-time ranking. */
export function rankingPage(r: PublicRanking): StaticPage {
  const basis = r.basis === 'performance' ? `${r.period} 绩效考核结果（已发布，不可更改）` : `${r.period} 按时办结率（本月实时统计，绩效考核结果尚未发布）`
  const showScore = r.basis === 'performance'
  const body = [
    `<h1>部门绩效排名</h1>`,
    `<p>${esc(basis)}</p>`,
    r.corrected ? '<p>本期结果发布后经过更正</p>' : '',
    rankingTable(r.ranked, basis, showScore),
    `<h2>样本不足（不排名）</h2>`,
    rankingTable(r.insufficient, '样本不足（不排名）', showScore),
    `<p>按时办结率按置信下限排序：办件量少的部门不会因一两件而排在前列；本月办结少于 ${esc(r.minVolume)} 件的部门单列为“样本不足”，不参与排名。</p>`,
    `<p><a href="/public/scorecards">查看各期考核成绩和各部门成绩单</a></p>`,
  ].filter(Boolean).join('\n')
  return { title: '部门绩效排名', description: `浈江区各部门${basis}：名次、按时办结率与办结件数。`, body }
}
