/**
 * Deadline CLI — a public contract; keep its input and output exactly as documented here.
 *
 *   npx tsx scripts/deadline.ts --accepted <ISO-8601 with offset> --limit <n> --unit workday|day
 *       [--suspend <ISO>/<ISO>]... [--supplement <ISO requested>/<ISO supplied>]... [--now <ISO>]
 *
 * prints one JSON object on stdout, keys in this order (dates are local dates in Asia/Shanghai;
 * countedDays and level only with --now):
 *
 *   {"deadlineDate":"YYYY-MM-DD","warningFrom":"YYYY-MM-DD","yellowFrom":"YYYY-MM-DD","redFrom":"YYYY-MM-DD","countedDays":n,"level":"normal|warning|yellow|red"}
 *
 *   npx tsx scripts/deadline.ts --batch < requests.jsonl
 *
 * reads one JSON request per line on stdin, {"accepted":…,"limit":…,"unit":…,"suspend":["a/b"],
 * "supplement":["a/b"],"now":…} (optional keys omitted; blank lines skipped), and prints one JSON
 * line per request, in order. The batch is all-or-nothing: every line is checked and computed first;
 * if any line is invalid, nothing is printed on stdout and the first invalid line is named on stderr.
 *
 * Rules: the shipped PRC calendar (2015–2026 official, later years provisional Monday–Friday), the
 * default level scheme (warning on the deadline day, yellow +1, red +5 working days), supplements
 * restart the clock. No database. Suspensions and supplements must be closed intervals (both ends).
 *
 * Exit codes: 0 success; 2 invalid arguments or request (message on stderr); 1 unexpected failure.
 */
import { parseArgs } from 'node:util'
import { cnWorkCalendar } from '../domain/calendar/cnWorkCalendar.ts'
import { previewDeadline, type PreviewRequest } from '../domain/clock/previewDeadline.ts'

const USAGE = `usage: deadline --accepted <ISO-8601 with offset> --limit <n> --unit workday|day [--suspend <ISO>/<ISO>]... [--supplement <ISO>/<ISO>]... [--now <ISO>]
       deadline --batch < requests.jsonl`

class UsageError extends Error {}

const cal = cnWorkCalendar()

/** The one computation shared with POST /api/v1/calendar/preview (domain/clock/previewDeadline). */
function compute(req: PreviewRequest): string {
  const out = previewDeadline(req, cal)
  if (!out.ok) throw new UsageError(out.error)
  return JSON.stringify(out.result)
}

const BATCH_KEYS = new Set(['accepted', 'limit', 'unit', 'suspend', 'supplement', 'now'])

async function batch(): Promise<string[]> {
  let text = ''
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) text += chunk as string
  const lines = text.split('\n')
  const out: string[] = []
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line === '') return
    try {
      let parsed: unknown
      try {
        parsed = JSON.parse(line)
      } catch {
        throw new UsageError('not valid JSON')
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('expected a JSON object')
      const obj = parsed as Record<string, unknown>
      for (const k of Object.keys(obj)) if (!BATCH_KEYS.has(k)) throw new UsageError(`unknown key ${JSON.stringify(k)}`)
      if (typeof obj['limit'] !== 'number') throw new UsageError(`limit: expected a non-negative integer, got ${JSON.stringify(obj['limit'] ?? null)}`)
      out.push(compute({ accepted: obj['accepted'], limit: obj['limit'], unit: obj['unit'], suspend: obj['suspend'], supplement: obj['supplement'], now: obj['now'] }))
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`line ${i + 1}: ${err.message}`)
      throw err
    }
  })
  return out
}

function single(argv: string[]): string {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      accepted: { type: 'string' },
      limit: { type: 'string' },
      unit: { type: 'string' },
      suspend: { type: 'string', multiple: true },
      supplement: { type: 'string', multiple: true },
      now: { type: 'string' },
      batch: { type: 'boolean' },
    },
  })
  if (values.batch) throw new UsageError('--batch takes no other arguments')
  if (values.accepted === undefined) throw new UsageError('accepted is required')
  return compute({ accepted: values.accepted, limit: values.limit, unit: values.unit, suspend: values.suspend, supplement: values.supplement, now: values.now })
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  try {
    if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const lines = argv.length === 1 && argv[0] === '--batch' ? await batch() : [single(argv)]
    process.stdout.write(lines.length === 0 ? '' : `${lines.join('\n')}\n`)
    return 0
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    process.stderr.write(`deadline: ${(err as Error).message}\n${usage ? `${USAGE}\n` : ''}`)
    return usage ? 2 : 1
  }
}

process.exitCode = await main()
