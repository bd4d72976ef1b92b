/**
 * Generates `cn.json`, the PRC working-day calendar 2015–2026, from the chinese-days package's
 * data (`dist/chinese-days.json`, MIT). Run once when a new State Council notice is out and the
 * package has it (then raise LAST_YEAR), review the diff, and commit the JSON
 * (domain/calendar/data/cn.json; this script lives outside domain/ because it does file I/O):
 *
 *   npx tsx scripts/calendar/generate-cn.ts          # writes cn.json
 *   npx tsx scripts/calendar/generate-cn.ts --check  # exits 1 if cn.json is stale
 *
 * It refuses to write if the package's data break an invariant (an adjusted working day that is
 * not a weekend day, a date both off and on) or disagree with the notices pinned in `PINNED`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { parseCalendarData } from '../../domain/calendar/parseCalendarData.ts'
import type { CalendarData, NoticeDay, NoticeYear } from '../../domain/calendar/types.ts'

const FIRST_YEAR = 2015
const LAST_YEAR = 2026

/** The 2025 and 2026 notices as published (国务院办公厅关于部分节假日安排的通知), checked here. */
const PINNED: Record<number, { off: string[]; on: string[] }> = {
  2025: {
    off: ['01-01', '01-28..02-04', '04-04..04-06', '05-01..05-05', '05-31..06-02', '10-01..10-08'],
    on: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  2026: {
    off: ['01-01..01-03', '02-15..02-23', '04-04..04-06', '05-01..05-05', '06-19..06-21', '09-25..09-27', '10-01..10-07'],
    on: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
}

const require = createRequire(import.meta.url)
const pkgPath = require.resolve('chinese-days/package.json')
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; version: string; license: string }
const raw = JSON.parse(readFileSync(path.join(path.dirname(pkgPath), 'dist/chinese-days.json'), 'utf8')) as {
  holidays: Record<string, string>
  workdays: Record<string, string>
}

function toDay(date: string, value: string): NoticeDay {
  // values look like "Spring Festival,春节,4": English name, Chinese name, length code
  const [nameEn, name] = value.split(',')
  if (!nameEn || !name) throw new Error(`unexpected value for ${date}: ${value}`)
  return { date, name, nameEn }
}

function expand(year: number, spec: string[]): string[] {
  const out: string[] = []
  for (const s of spec) {
    const [a, b] = s.split('..') as [string, string | undefined]
    const from = Date.UTC(year, Number(a.slice(0, 2)) - 1, Number(a.slice(3)))
    const to = b === undefined ? from : Date.UTC(year, Number(b.slice(0, 2)) - 1, Number(b.slice(3)))
    for (let t = from; t <= to; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10))
  }
  return out
}

const years: NoticeYear[] = []
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
  const pick = (src: Record<string, string>) =>
    Object.keys(src)
      .filter((d) => d.startsWith(`${y}-`))
      .sort()
      .map((d) => toDay(d, src[d]!))
  const holidays = pick(raw.holidays)
  const adjustedWorkdays = pick(raw.workdays)
  if (holidays.length === 0) throw new Error(`chinese-days has no holidays for ${y}`)
  const pin = PINNED[y]
  if (pin) {
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i])
    if (!same(holidays.map((h) => h.date), expand(y, pin.off))) throw new Error(`${y} holidays differ from the notice`)
    if (!same(adjustedWorkdays.map((h) => h.date), expand(y, pin.on))) throw new Error(`${y} adjusted working days differ from the notice`)
  }
  years.push({ year: y, status: 'official', holidays, adjustedWorkdays })
}

const data: CalendarData = {
  schemaVersion: 1,
  jurisdiction: 'CN',
  source: {
    package: pkg.name,
    version: pkg.version,
    license: pkg.license,
    url: 'https://github.com/vsme/chinese-days',
    file: 'dist/chinese-days.json',
  },
  years,
}
const parsed = parseCalendarData(data)
if (!parsed.ok) throw new Error(`generated data is invalid:\n${parsed.errors.join('\n')}`)

// One day per line: reviewable diffs when a notice is added.
const day = (d: NoticeDay) => `        ${JSON.stringify(d)}`
const text = [
  '{',
  `  "schemaVersion": 1,`,
  `  "jurisdiction": "CN",`,
  `  "source": ${JSON.stringify(data.source)},`,
  '  "years": [',
  years
    .map((y) =>
      [
        '    {',
        `      "year": ${y.year},`,
        `      "status": "official",`,
        '      "holidays": [',
        y.holidays.map(day).join(',\n'),
        '      ],',
        '      "adjustedWorkdays": [',
        y.adjustedWorkdays.map(day).join(',\n'),
        '      ]',
        '    }',
      ].join('\n'),
    )
    .join(',\n'),
  '  ]',
  '}',
  '',
].join('\n')

const out = fileURLToPath(new URL('../../domain/calendar/data/cn.json', import.meta.url))
if (process.argv.includes('--check')) {
  let current = ''
  try {
    current = readFileSync(out, 'utf8')
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write('cn.json is stale: run npx tsx scripts/calendar/generate-cn.ts\n')
    process.exit(1)
  }
  process.stdout.write('cn.json is up to date\n')
} else {
  writeFileSync(out, text)
  process.stdout.write(`wrote ${out}: ${years.length} years (${FIRST_YEAR}–${LAST_YEAR})\n`)
}
