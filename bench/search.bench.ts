/**
 * Site search (站内搜索) in Chinese: which index? Three ways over the same corpus (guide items,
 * announcements, published answers, as one table of documents) and the same queries, in one run:
 *
 *   seq      `ILIKE '%q%'` without an index (the baseline; also the ground truth of "contains")
 *   trgm     the same `ILIKE` with a pg_trgm GIN index (gin_trgm_ops)
 *   jieba    word segmentation (@node-rs/jieba, cutForSearch) into a `simple` tsvector with a GIN
 *            index, queried with the segmented words AND-ed (skipped when the package is absent:
 *            JIEBA_MODULE=/path/to/node_modules/@node-rs/jieba points at a copy outside the project)
 *
 * Reported per way: median and p95 query time over all queries × repetitions, the recall against
 * `ILIKE` (share of the documents containing the query text that the way finds), index size and
 * build time, and the 2-character queries apart (most Chinese words are two characters; a trigram
 * index cannot narrow a two-character pattern).
 *
 *   npm run bench:search [-- --docs 30000 --reps 20]
 *
 * Writes bench/results/search-<timestamp>.json.
 */
import os from 'node:os'
import { parseArgs } from 'node:util'
import { createTestDatabase } from '../test/db.ts'
import { median, percentile, writeResult } from './lib.ts'

const { values } = parseArgs({ options: { docs: { type: 'string', default: '30000' }, reps: { type: 'string', default: '20' } } })
const DOCS = Number(values.docs)
const REPS = Number(values.reps)
const log = (m: string) => process.stdout.write(`${m}\n`)

/** Words of the administrative domain the corpus is written with (and the queries taken from). */
const WORDS = (
  '食品 经营 许可证 核发 营业执照 复印件 建筑 工程 施工 许可 个体 工商户 登记 排水 户外 广告 设置 申请书 身份证 法定 代表人 ' +
  '窗口 受理 审查 决定 办理 时限 承诺 收费 标准 依据 材料 清单 流程 网上 预审 现场 核查 不动产 权属 抵押 变更 注销 社会 保险 ' +
  '医疗 养老 公积金 提取 出租车 道路 运输 卫生 消防 验收 环境 影响 评价 批复 林木 采伐 取水 农药 兽药 药品 零售 餐饮 服务 ' +
  '投诉 举报 咨询 信访 区长 信箱 效能 答复 整改 致歉 核实 反映 属实 部门 监察 公告 动态 法律 法规 热点 问题 办事 指南 群众 ' +
  '企业 开办 一网通办 最多跑一次 容缺 受理 延时 服务 预约 排队 等候 超期 督办 催办 红牌 黄牌 绩效 考核 满意度 评价 好评 差评'
).split(' ')

function rnd(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

/** Common characters the filler words are made of (random pairs: each rare, like real text's words). */
const CHARS = [...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严']

function corpus(n: number): { kind: string; text: string }[] {
  const r = rnd(18)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
  // one word in twenty is of the domain, the others are rare filler words
  const word = () => (r() < 0.05 ? pick(WORDS) : pick(CHARS) + pick(CHARS))
  const sentence = (words: number) => Array.from({ length: words }, word).join(r() < 0.3 ? '，' : '')
  const out: { kind: string; text: string }[] = []
  for (let i = 0; i < n; i++) {
    const k = i % 10
    // 10 % guide items (a name, materials), 5 % announcements (long bodies), 85 % answers
    if (k === 0) out.push({ kind: 'item', text: `${pick(WORDS)}${pick(WORDS)}${pick(WORDS)} ${sentence(12)}` })
    else if (k === 1 && i % 20 === 1) out.push({ kind: 'announcement', text: `${sentence(6)} ${sentence(200)}` })
    else out.push({ kind: 'answer', text: `${sentence(20)}。${sentence(40)}` })
  }
  return out
}

const QUERIES = ['营业执照', '食品', '许可证', '不动产', '投诉', '公积金提取', '消防验收', '超期', '红牌', '窗口受理', '复印件', '出租车', '一网通办', '满意度', '环境影响评价', '核发', '整改', '区长信箱', '排水', '餐饮服务']

interface Jieba {
  cutForSearch(text: string, hmm: boolean): string[]
  cut(text: string, hmm: boolean): string[]
}

async function loadJieba(): Promise<Jieba | null> {
  const spec = process.env.JIEBA_MODULE ?? '@node-rs/jieba'
  try {
    const mod = (await import(spec)) as { Jieba: { withDict(d: Uint8Array): Jieba } }
    const dict = (await import(`${spec}/dict.js`)) as { dict: Uint8Array }
    return mod.Jieba.withDict(dict.dict)
  } catch {
    return null
  }
}

const tokens = (j: Jieba, text: string) => [...new Set(j.cutForSearch(text, true).map((t) => t.trim()).filter((t) => /[\p{L}\p{N}]/u.test(t)))]

async function main() {
  const db = await createTestDatabase('search', { migrate: false })
  const pool = db.pool
  const jieba = await loadJieba()
  try {
    const docs = corpus(DOCS)
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    await pool.query('CREATE TABLE docs (id int PRIMARY KEY, kind text, body text, words tsvector)')
    let segmentMs = 0
    for (let i = 0; i < docs.length; i += 1000) {
      const chunk = docs.slice(i, i + 1000)
      const t = performance.now()
      const words = chunk.map((d) => (jieba ? tokens(jieba, d.text).join(' ') : ''))
      segmentMs += performance.now() - t
      await pool.query(`INSERT INTO docs SELECT i + $1, k, b, to_tsvector('simple', w) FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(k, b, w, i)`, [i, chunk.map((d) => d.kind), chunk.map((d) => d.text), words])
    }
    const build = async (ddl: string) => {
      const t = performance.now()
      await pool.query(ddl)
      return performance.now() - t
    }
    const trgmBuildMs = await build('CREATE INDEX docs_trgm ON docs USING gin (body gin_trgm_ops)')
    const jiebaBuildMs = jieba ? await build('CREATE INDEX docs_words ON docs USING gin (words)') : null
    await pool.query('VACUUM ANALYZE docs')
    const size = async (ix: string) => Number((await pool.query<{ s: string }>(`SELECT pg_relation_size($1::regclass)::text AS s`, [ix])).rows[0]!.s)

    const ways: Record<string, (q: string) => Promise<number[]>> = {
      seq: async (q) => {
        const c = await pool.connect()
        try {
          await c.query('BEGIN; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off')
          const r = await c.query<{ id: number }>(`SELECT id FROM docs WHERE body ILIKE '%' || $1 || '%'`, [q])
          await c.query('COMMIT')
          return r.rows.map((x) => x.id)
        } finally {
          c.release()
        }
      },
      trgm: async (q) => (await pool.query<{ id: number }>(`SELECT id FROM docs WHERE body ILIKE '%' || $1 || '%'`, [q])).rows.map((x) => x.id),
      ...(jieba
        ? {
            jieba: async (q: string) => {
              const t = jieba.cut(q, true).filter((w) => /[\p{L}\p{N}]/u.test(w))
              return (await pool.query<{ id: number }>(`SELECT id FROM docs WHERE words @@ to_tsquery('simple', $1)`, [t.join(' & ')])).rows.map((x) => x.id)
            },
          }
        : {}),
    }
    const truth = new Map<string, Set<number>>()
    for (const q of QUERIES) truth.set(q, new Set(await ways.seq!(q)))

    const results: Record<string, unknown> = {}
    for (const [name, run] of Object.entries(ways)) {
      const times: number[] = []
      const twoChar: number[] = []
      let found = 0
      let expected = 0
      for (const q of QUERIES) await run(q) // warm
      for (let rep = 0; rep < REPS; rep++) {
        for (const q of QUERIES) {
          const t = performance.now()
          const ids = await run(q)
          const ms = performance.now() - t
          times.push(ms)
          if ([...q].length === 2) twoChar.push(ms)
          if (rep === 0) {
            const want = truth.get(q)!
            expected += want.size
            found += ids.filter((id) => want.has(id)).length
          }
        }
      }
      results[name] = { medianMs: +median(times).toFixed(2), p95Ms: +percentile(times, 95).toFixed(2), twoCharMedianMs: +median(twoChar).toFixed(2), recall: +(found / expected).toFixed(4) }
      log(`${name}: ${JSON.stringify(results[name])}`)
    }
    const figures = {
      docs: DOCS,
      reps: REPS,
      queries: QUERIES,
      load: os.loadavg(),
      results,
      trgm: { buildMs: Math.round(trgmBuildMs), indexBytes: await size('docs_trgm') },
      jieba: jieba ? { buildMs: Math.round(jiebaBuildMs!), indexBytes: await size('docs_words'), segmentMs: Math.round(segmentMs) } : 'not installed (set JIEBA_MODULE)',
    }
    log(`load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; ${JSON.stringify({ trgm: figures.trgm, jieba: figures.jieba })}`)
    log(`wrote ${writeResult('search', figures)}`)
  } finally {
    await db.drop()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
