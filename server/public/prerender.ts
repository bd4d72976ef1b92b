/**
 * Pre-rendered HTML of the public site's content pages (a guide item, an announcement, a published
 * answer), so that search engines, old phones and readers without JavaScript see the content: the
 * server puts it inside the SPA shell's `<div id="app">` (the SPA replaces it when it boots), or
 * into a small document of its own when the dashboard is not built. Every text is escaped.
 */

import type { PublicAnnouncementSummary, PublicRanking, PublicRankingRow, PublicToday } from '../../domain/contracts/api/public.ts'

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
  '.pub-static .num{text-align:right;font-variant-numeric:tabular-nums}' +
  '.pub-static .figures{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;text-align:center}.pub-static .figures dd{font-size:26px;line-height:34px;font-weight:700;font-variant-numeric:tabular-nums}'

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

export interface HomePageData {
  ranking: PublicRanking | null
  today: PublicToday | null
  /** The live announcements, newest first (the first three are shown). */
  notices: readonly PublicAnnouncementSummary[]
}

const ZONE = 'Asia/Shanghai'
const clock = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' })
const localDate = (iso: string) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: ZONE, dateStyle: 'medium' })

/** Today's figures as the SPA's home shows them (PublicHome.vue). */
function todaySection(t: PublicToday | null): string {
  const figures: [string, string][] = [
    ['今日受理', t ? String(t.received) : '—'],
    ['今日办结', t ? String(t.concluded) : '—'],
    ['本月按时办结率', t ? pct(t.onTimeRateMonth) : '—'],
  ]
  return [
    `<section aria-labelledby="home-today"><h2 id="home-today">今日办件${t ? ` <small>${esc(t.day)}</small>` : ''}</h2>`,
    `<dl class="figures">${figures.map(([k, v]) => `<div><dt>${k}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>`,
    t ? `<p>本月办结 ${esc(t.concludedMonth)} 件，按时 ${esc(t.onTimeMonth)} 件 · 数据截至 ${esc(clock(t.asOf))}，每分钟更新</p>` : '',
    `</section>`,
  ].join('')
}

/**
 * The home page (首页): the entry points, today's figures, the ranking's top three and last three
 * (ranked departments only: one under the minimum volume is never ranked) with their volumes, the
 * latest three live announcements. Names and figures only.
 */
export function homePage(d: HomePageData): StaticPage {
  const r = d.ranking
  const ranked = r?.ranked ?? []
  const top = ranked.slice(0, 3)
  const bottom = ranked.length > 3 ? ranked.slice(Math.max(3, ranked.length - 3)) : []
  const showScore = r?.basis === 'performance'
  const entries: [string, string][] = [
    ['/public/guide', '查办事指南：时限、收费、材料'],
    ['/public/complaint', '投诉、咨询（无需注册）'],
    ['/public/track', '凭查询码查看办理进度和答复'],
    ['/public/case', '办件进度查询（受理编号 + 查询码）'],
  ]
  const notices = d.notices.slice(0, 3)
  const body = [
    `<h1>阳光审批 · 公众监督</h1>`,
    `<p>电子监察中心对每一件行政审批办件和群众投诉实时计时：超过承诺时限即预警、亮黄牌、红牌，并按月考核、向社会公布各部门的按时办结情况。</p>`,
    `<ul>${entries.map(([href, text]) => `<li><a href="${href}">${text} →</a></li>`).join('')}</ul>`,
    todaySection(d.today),
    r
      ? `<section aria-labelledby="home-top"><h2 id="home-top">本期按时办结排名（前三）</h2>${rankingTable(top, r.period, showScore)}` +
        (bottom.length > 0 ? `<h2>排名靠后</h2>${rankingTable(bottom, r.period, showScore)}` : '') +
        `<p>本月办结少于 ${esc(r.minVolume)} 件的部门样本不足，不参与排名。<a href="/public/ranking">查看完整排名</a></p></section>`
      : '',
    `<section aria-labelledby="home-notices"><h2 id="home-notices">最新公告</h2><ul>` +
      (notices.length > 0
        ? notices.map((a) => `<li><a href="/public/notices/${esc(a.id)}">${esc(a.title)}</a> <small>${esc(COLUMN[a.column] ?? a.column)} · ${esc(localDate(a.publishedAt))}</small></li>`).join('')
        : '<li>暂无公告</li>') +
      `</ul><p><a href="/public/notices">更多公告</a></p></section>`,
  ].join('\n')
  const description = d.today
    ? `浈江区行政审批电子监察：今日受理 ${d.today.received} 件、办结 ${d.today.concluded} 件，本月按时办结率 ${pct(d.today.onTimeRateMonth)}；部门按时办结排名与监察公告。`
    : '浈江区行政审批电子监察：部门按时办结排名、办事指南、投诉咨询与监察公告。'
  return { title: '首页', description, body }
}

/**
 * The complaint form's page before its script (the form itself needs it: the proof-of-work
 * challenge): the heading and what the citizen should know, drawn from the HTML at once.
 */
export function complaintPage(): StaticPage {
  const body = [
    `<h1>投诉与咨询</h1>`,
    `<p>无需注册。提交后您将获得查询码，凭码查看办理进度和部门答复。联系方式仅用于答复，不会在网站上显示。</p>`,
    `<p>可提交咨询、投诉、信访、区长信箱来信和行政效能投诉，进入电子监察系统后与其他信访件一样计时、预警、亮牌。填写表单需要启用 JavaScript。</p>`,
    `<p><a href="/public/track">已提交？凭查询码查看办理进度和答复</a></p>`,
  ].join('\n')
  return { title: '投诉与咨询', description: '浈江区电子监察网站：在线提交咨询、投诉、信访和行政效能投诉，无需注册，凭查询码查看办理进度和部门答复。', body }
}
