/**
 * The public home page (首页) pre-rendered by the server (GET /public, issue 18): the same figures
 * as the API for the same month — today's figures, the ranking's top three and last three with
 * their volumes (a department under the minimum volume never ranked), the latest live
 * announcements (expired, draft and scheduled ones absent) — every text escaped, no personal data,
 * inside the SPA's shell with the page's chunks and three answers preloaded.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, JURISDICTION, type Harness } from '../../test/harness.ts'
import { GUIDE_ITEMS, ingestConcludedCases, SCJG, SEEDED_PEOPLE, seedGuideItems, ZJJ } from './public-fixtures.ts'
import { MOBILE_NUMBER, withoutHexTokens } from '../../test/personalData.ts'

let h: Harness
let dashboardDir = ''
const HOSTILE = '交通局<img src=x onerror=alert(1)>&"\''
// ranked: SCJG 9 cases, then four more departments with 8 to 5; ZJJ with 2 is listed apart
const EXTRA = [
  ['440204-JY', '教育局', 8],
  ['440204-WJ', '卫健局', 7],
  ['440204-RS', '人社局', 6],
  ['440204-JT', HOSTILE, 5],
] as const

/** A built dashboard's two files the server reads: the shell and Vite's manifest (the home page's chunks). */
function fakeDashboard(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'home-shell-'))
  mkdirSync(path.join(dir, '.vite'))
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html lang="zh-CN"><head><title>浈江区电子监察</title><meta name="description" content="" /><script type="module" src="/assets/index-1.js"></script></head><body><div id="app"></div></body></html>')
  const manifest = {
    'index.html': { file: 'assets/index-1.js', isEntry: true },
    'src/features/public/PublicLayout.vue': { file: 'assets/PublicLayout-2.js', imports: ['index.html'], css: ['assets/PublicLayout-2.css'] },
    'src/features/public/PublicHome.vue': { file: 'assets/PublicHome-3.js', imports: ['index.html', '_homeData-4.js'] },
    'src/features/public/ComplaintPage.vue': { file: 'assets/ComplaintPage-5.js', imports: ['index.html'], css: ['assets/ComplaintPage-5.css'] },
    '_homeData-4.js': { file: 'assets/homeData-4.js', imports: ['index.html'] },
  }
  writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest))
  return dir
}

beforeAll(async () => {
  dashboardDir = fakeDashboard()
  h = await createHarness({ dashboardDir, security: { rateLimit: { enabled: false } } })
  h.db.pool.on('error', () => {})
  await h.db.pool.query(`INSERT INTO departments (code, jurisdiction_code, name) SELECT unnest($1::text[]), $2, unnest($3::text[])`, [EXTRA.map((d) => d[0]), JURISDICTION, EXTRA.map((d) => d[1])])
  await seedGuideItems(h.db.pool)
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.food.code, SCJG, 9, 'HOME-S')
  await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.building.code, ZJJ, 2, 'HOME-Z')
  for (const [code, , n] of EXTRA) await ingestConcludedCases(h.app, h.key, GUIDE_ITEMS.food.code, code, n, `HOME-${code.slice(-2)}`)
  await h.waitProjected()
  const person = SEEDED_PEOPLE[0]
  const ins = `INSERT INTO announcements (column_key, title, body, published_at, expires_at, draft) VALUES ($1, $2, '正文', now() + $3::interval, now() + $4::interval, $5)`
  await h.db.pool.query(ins, ['notice', '已过期的通报', '-3 days', '-1 day', false])
  await h.db.pool.query(ins, ['notice', '尚未发布的草稿', '-1 hour', null, true])
  await h.db.pool.query(ins, ['notice', '明天才发布的公告', '1 day', null, false])
  await h.db.pool.query(ins, ['law', '较早的法规解读', '-2 days', null, false])
  await h.db.pool.query(ins, ['news', `来电${person.phone}反映<script>alert(1)</script>`, '-1 day', null, false])
  await h.db.pool.query(ins, ['notice', '本月按时办结情况的通报', '-1 hour', '7 days', false])
  await h.db.pool.query(ins, ['hot', '最旧的热点问题', '-5 days', null, false])
}, 120_000)

afterAll(async () => {
  await h?.close()
  rmSync(dashboardDir, { recursive: true, force: true })
})

const get = (url: string) => h.app.inject({ method: 'GET', url })
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

describe('the pre-rendered home page (GET /public)', () => {
  it("shows today's figures and the ranking's top and last three with the API's figures, no department under the minimum volume", async () => {
    const page = await get('/public')
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    const [today, ranking] = [(await get('/api/v1/public/today')).json(), (await get('/api/v1/public/ranking')).json()]
    expect(ranking.basis).toBe('statistics')
    expect(ranking.ranked.map((r: { volume: number }) => r.volume)).toEqual([9, 8, 7, 6, 5])
    const body = page.body
    expect(body).toContain(`<h2 id="home-today">今日办件 <small>${today.day}</small></h2>`)
    expect(body).toContain(`<div><dt>今日受理</dt><dd>${today.received}</dd></div><div><dt>今日办结</dt><dd>${today.concluded}</dd></div>`)
    expect(today.concluded).toBe(9 + 2 + 8 + 7 + 6 + 5)
    expect(body).toContain(`<dt>本月按时办结率</dt><dd>${(today.onTimeRateMonth * 100).toFixed(1)}%</dd>`)
    expect(body).toContain(`本月办结 ${today.concludedMonth} 件，按时 ${today.onTimeMonth} 件`)

    const tables = [...body.matchAll(/<table>[\s\S]*?<\/table>/g)].map((m) => m[0])
    expect(tables).toHaveLength(2)
    const rows = (t: string) => [...t.matchAll(/<tr><td class="num">(\d+)<\/td><td>(.*?)<\/td><td class="num">(.*?)<\/td><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => [Number(m[1]), m[2], m[3], Number(m[4])])
    const expected = (rs: Array<{ rank: number; name: string; onTimeRate: number; volume: number }>) => rs.map((r) => [r.rank, r.name, `${(r.onTimeRate * 100).toFixed(1)}%`, r.volume])
    expect(rows(tables[0]!)).toEqual(expected(ranking.ranked.slice(0, 3)))
    expect(rows(tables[1]!)).toEqual(expected(ranking.ranked.slice(3)).map(([rank, name, rate, volume]) => [rank, escaped(String(name)), rate, volume]))
    // listed apart by the API, never ranked on the page
    expect(ranking.insufficient.map((d: { departmentCode: string }) => d.departmentCode)).toContain(ZJJ)
    expect(body).not.toContain('住建局')
    expect(body).toContain(`本月办结少于 ${ranking.minVolume} 件的部门样本不足，不参与排名。`)
  })

  it('lists the three newest live announcements, as the API does; expired, draft and scheduled ones are absent', async () => {
    const page = (await get('/public')).body
    const api = (await get('/api/v1/public/announcements')).json()
    const titles = [...page.matchAll(/<li><a href="\/public\/notices\/(\d+)">(.*?)<\/a>/g)].map((m) => [m[1], m[2]])
    expect(titles.map(([id]) => id)).toEqual(api.items.slice(0, 3).map((a: { id: string }) => a.id))
    expect(titles.map(([, t]) => t)).toEqual(api.items.slice(0, 3).map((a: { title: string }) => escaped(a.title)))
    // newest first: published an hour ago, a day ago (its phone number masked), two days ago
    expect(titles[0]![1]).toBe('本月按时办结情况的通报')
    expect(titles[1]![1]).toMatch(/^来电.*反映&lt;script&gt;/)
    expect(titles[2]![1]).toBe('较早的法规解读')
    for (const absent of ['已过期的通报', '尚未发布的草稿', '明天才发布的公告', '最旧的热点问题']) expect(page).not.toContain(absent)
    expect(api.items.map((a: { title: string }) => a.title)).not.toContain('已过期的通报')
  })

  it('escapes every text and shows no personal data', async () => {
    const page = (await get('/public')).body
    expect(page).not.toContain('<script>alert(1)</script>')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain('<img src=x')
    expect(page).toContain('交通局&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;')
    for (const p of SEEDED_PEOPLE) {
      expect(page).not.toContain(p.name)
      expect(page).not.toContain(p.phone)
      expect(page).not.toContain(p.idNumber)
    }
    expect(withoutHexTokens(page)).not.toMatch(MOBILE_NUMBER)
  })

  it("sits in the SPA's shell with the home page's chunks and its three answers preloaded; cached no longer than a minute", async () => {
    const res = await get('/public')
    expect(res.headers['cache-control']).toMatch(/^public, max-age=(\d|[1-5]\d|60)$/)
    const head = res.body.slice(0, res.body.indexOf('</head>'))
    expect(head).toContain('<title>首页 - 浈江区电子监察网站</title>')
    expect(head).toContain('<script type="module" src="/assets/index-1.js"></script>')
    for (const f of ['PublicLayout-2.js', 'PublicHome-3.js', 'homeData-4.js']) expect(head).toContain(`<link rel="modulepreload" crossorigin href="/assets/${f}">`)
    expect(head).not.toContain('href="/assets/index-1.js"')
    // the page's stylesheet fetched early without blocking the first paint (the content has its own style)
    expect(head).toContain('<link rel="preload" as="style" crossorigin href="/assets/PublicLayout-2.css">')
    for (const u of ['/api/v1/public/today', '/api/v1/public/ranking', '/api/v1/public/announcements']) expect(head).toContain(`<link rel="preload" href="${u}" as="fetch" crossorigin>`)
    expect(res.body).toContain('<div id="app"><main class="pub-static" data-prerendered>')
    // the SPA's other pages are still the shell itself
    const guide = await get('/public/guide')
    expect(guide.statusCode).toBe(200)
    expect(guide.body).toContain('<div id="app"></div>')
  })
})

describe('the pre-rendered complaint form page (GET /public/complaint)', () => {
  it("draws its heading and notice from the HTML and preloads the form's chunks and the departments", async () => {
    const res = await get('/public/complaint')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<div id="app"><main class="pub-static" data-prerendered>')
    expect(res.body).toContain('<h1>投诉与咨询</h1>')
    expect(res.body).toContain('联系方式仅用于答复，不会在网站上显示。')
    const head = res.body.slice(0, res.body.indexOf('</head>'))
    expect(head).toContain('<title>投诉与咨询 - 浈江区电子监察网站</title>')
    expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/ComplaintPage-5.js">')
    expect(head).toContain('<link rel="preload" as="style" crossorigin href="/assets/ComplaintPage-5.css">')
    expect(head).toContain('<link rel="preload" href="/api/v1/public/departments" as="fetch" crossorigin>')
  })
})
