/**
 * The deadline CLI is a public contract: these tests spawn it as users do and pin its exact output.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../', import.meta.url))
const script = fileURLToPath(new URL('./deadline.ts', import.meta.url))

function cli(args: string[], opts: { input?: string; tz?: string } = {}) {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, TZ: opts.tz ?? 'America/New_York' },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 }
}

describe('scripts/deadline.ts', () => {
  it('prints the deadline and thresholds as one JSON object, keys in contract order', () => {
    const r = cli(['--accepted', '2026-02-12T10:00:00+08:00', '--limit', '5', '--unit', 'workday'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('{"deadlineDate":"2026-02-26","warningFrom":"2026-02-26","yellowFrom":"2026-02-27","redFrom":"2026-03-04"}\n')
  })

  it('adds countedDays and level with --now, and applies suspensions and supplements', () => {
    const r = cli([
      '--accepted', '2025-09-22T10:00:00+08:00', '--limit', '10', '--unit', 'workday',
      '--suspend', '2025-09-26T15:00:00+08:00/2025-10-10T09:00:00+08:00',
      '--now', '2025-10-20T09:00:00+08:00',
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('{"deadlineDate":"2025-10-17","warningFrom":"2025-10-17","yellowFrom":"2025-10-20","redFrom":"2025-10-24","countedDays":11,"level":"yellow"}\n')
    const s = cli(['--accepted', '2026-02-02T10:00:00+08:00', '--limit', '5', '--unit', 'workday', '--supplement', '2026-02-04T10:00:00+08:00/2026-02-10T16:00:00+08:00', '--supplement', '2026-02-12T10:00:00+08:00/2026-02-13T10:00:00+08:00'])
    // restarts from 13 Feb: 14 (Sat, worked), 24–27 Feb; yellow Sat 28 Feb (worked); red 5 Mar
    expect(JSON.parse(s.stdout)).toEqual({ deadlineDate: '2026-02-27', warningFrom: '2026-02-27', yellowFrom: '2026-02-28', redFrom: '2026-03-05' })
  })

  it('reads acceptance in Asia/Shanghai whatever the process TZ', () => {
    const args = ['--accepted', '2025-09-30T23:30:00Z', '--limit', '0', '--unit', 'day', '--now', '2025-10-01T00:30:00Z']
    const expected = '{"deadlineDate":"2025-10-09","warningFrom":"2025-10-09","yellowFrom":"2025-10-10","redFrom":"2025-10-15","countedDays":0,"level":"normal"}\n'
    for (const tz of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) expect(cli(args, { tz }).stdout).toBe(expected)
  })

  it('--batch prints one line per request, in order', () => {
    const input = [
      '{"accepted":"2025-09-26T10:00:00+08:00","limit":3,"unit":"workday","now":"2025-10-09T10:00:00+08:00"}',
      '',
      '{"accepted":"2025-09-01T10:00:00+08:00","limit":30,"unit":"day"}',
      '{"accepted":"2026-02-02T10:00:00+08:00","limit":5,"unit":"workday","supplement":["2026-02-04T10:00:00+08:00/2026-02-10T16:00:00+08:00"],"suspend":[]}',
    ].join('\r\n')
    const r = cli(['--batch'], { input })
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')).toEqual([
      '{"deadlineDate":"2025-09-30","warningFrom":"2025-09-30","yellowFrom":"2025-10-09","redFrom":"2025-10-14","countedDays":4,"level":"yellow"}',
      '{"deadlineDate":"2025-10-09","warningFrom":"2025-10-09","yellowFrom":"2025-10-10","redFrom":"2025-10-15"}',
      '{"deadlineDate":"2026-02-24","warningFrom":"2026-02-24","yellowFrom":"2026-02-25","redFrom":"2026-03-02"}',
      '',
    ])
  })

  it('--batch answers 1,000 requests, each as the single-request form does (timing: npm run bench:deadline)', () => {
    const line = (i: number) =>
      JSON.stringify({ accepted: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000 * 7).toISOString(), limit: i % 61, unit: i % 2 ? 'workday' : 'day', now: '2026-06-01T00:00:00Z' })
    const r = cli(['--batch'], { input: Array.from({ length: 1000 }, (_, i) => line(i)).join('\n') })
    expect(r.code).toBe(0)
    const out = r.stdout.trim().split('\n')
    expect(out).toHaveLength(1000)
    for (const i of [0, 1, 499, 998, 999]) {
      const req = JSON.parse(line(i)) as { accepted: string; limit: number; unit: string; now: string }
      const one = cli(['--accepted', req.accepted, '--limit', String(req.limit), '--unit', req.unit, '--now', req.now])
      expect(out[i]).toBe(one.stdout.trim())
    }
  })

  it.each<[string, string[], RegExp]>([
    ['no arguments', [], /accepted is required/],
    ['missing --limit', ['--accepted', '2025-10-01T09:00:00+08:00', '--unit', 'day'], /limit/],
    ['a bad limit', ['--accepted', '2025-10-01T09:00:00+08:00', '--limit', '-1', '--unit', 'day'], /limit/],
    ['a fractional limit', ['--accepted', '2025-10-01T09:00:00+08:00', '--limit', '1.5', '--unit', 'day'], /limit/],
    ['a bad unit', ['--accepted', '2025-10-01T09:00:00+08:00', '--limit', '1', '--unit', 'week'], /unit/],
    ['no offset', ['--accepted', '2025-10-01T09:00:00', '--limit', '1', '--unit', 'day'], /offset/],
    ['a malformed suspension', ['--accepted', '2025-10-01T09:00:00+08:00', '--limit', '1', '--unit', 'day', '--suspend', '2025-10-02T09:00:00+08:00'], /suspend/],
    ['a reversed supplement', ['--accepted', '2025-10-01T09:00:00+08:00', '--limit', '1', '--unit', 'day', '--supplement', '2025-10-03T09:00:00+08:00/2025-10-02T09:00:00+08:00'], /ends before it starts/],
    ['a bad --now', ['--accepted', '2025-10-01T09:00:00+08:00', '--limit', '1', '--unit', 'day', '--now', 'today'], /now/],
    ['an unknown option', ['--accepted', '2025-10-01T09:00:00+08:00', '--limit', '1', '--unit', 'day', '--zone', 'UTC'], /Unknown option/],
    ['a positional argument', ['extra'], /positional/i],
    ['--batch with arguments', ['--batch', '--limit', '1'], /--batch takes no other arguments/],
    ['outside the calendar', ['--accepted', '2040-01-01T09:00:00+08:00', '--limit', '1', '--unit', 'day'], /outside the calendar/],
  ])('exits 2 on %s', (_label, args, message) => {
    const r = cli(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
  })

  it.each<[string, string, RegExp]>([
    ['not JSON', '{"accepted":', /line 2: not valid JSON/],
    ['an unknown key', '{"accepted":"2025-10-01T09:00:00+08:00","limit":1,"unit":"day","zone":"UTC"}', /line 2: unknown key "zone"/],
    ['a string limit', '{"accepted":"2025-10-01T09:00:00+08:00","limit":"1","unit":"day"}', /line 2: limit/],
    ['a bad interval', '{"accepted":"2025-10-01T09:00:00+08:00","limit":1,"unit":"day","suspend":["x/y"]}', /line 2: suspend/],
    ['an array', '[1]', /line 2: expected a JSON object/],
  ])('--batch exits 2 naming the line, printing nothing, on %s', (_label, bad, message) => {
    const good = '{"accepted":"2025-10-01T09:00:00+08:00","limit":1,"unit":"day"}'
    const r = cli(['--batch'], { input: `${good}\n${bad}\n${good}\n` })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
  })
})
