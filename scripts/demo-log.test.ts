import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { acceptedFromMetrics, classifyLine, createDemoLog, formatSummary, RateLimiter } from './demo-log.ts'

const pino = (o: Record<string, unknown>) => JSON.stringify({ time: 1, pid: 1, hostname: 'h', ...o })

describe('what the demo terminal shows', () => {
  it('keeps the per-request JSON off the terminal but counts it', () => {
    expect(classifyLine('server', 'stdout', pino({ level: 30, msg: 'request completed', res: { statusCode: 202 }, responseTime: 3 }))).toEqual({ terminal: null, request: 202 })
    expect(classifyLine('server', 'stdout', pino({ level: 30, msg: 'incoming request' }))).toEqual({ terminal: null })
  })

  it('shows warnings and errors, briefly', () => {
    expect(classifyLine('server', 'stdout', pino({ level: 40, msg: 'login failed' })).terminal).toBe('WARN login failed')
    expect(classifyLine('server', 'stdout', pino({ level: 50, msg: 'unhandled error', err: { message: 'boom' } })).terminal).toBe('ERROR unhandled error: boom')
  })

  it('shows stderr, warning-looking lines and the milestones of seed and simulator; not the worker chatter', () => {
    expect(classifyLine('worker', 'stdout', '[worker] recovery: re-enqueued 3 subjects').terminal).toBeNull()
    expect(classifyLine('worker', 'stdout', '[worker] project job 7 failed: deadlock').terminal).toBe('project job 7 failed: deadlock')
    expect(classifyLine('worker', 'stderr', 'anything').terminal).toBe('anything')
    expect(classifyLine('sim', 'stdout', 'backfill: 440 events over 2 days').terminal).toBe('backfill: 440 events over 2 days')
    expect(classifyLine('migrate', 'stdout', '[migrate] applied 040.case_clocks.sql').terminal).toBeNull()
  })

  it('rate-limits each child and says how many lines it held back', () => {
    const r = new RateLimiter(2, 1000)
    expect([r.take('sim', 0), r.take('sim', 10), r.take('sim', 20), r.take('sim', 30)].map((t) => t.show)).toEqual([true, true, false, false])
    expect(r.take('server', 30).show).toBe(true) // per child
    expect(r.take('sim', 1000)).toEqual({ show: true, droppedBefore: 2 })
  })

  it('summarises a period in one line', () => {
    expect(formatSummary({ seconds: 30, requests: { '2xx': 410, '4xx': 2, '5xx': 0 }, eventsAccepted: { period: 3120, total: 98000 }, restarts: { server: 0, worker: 1 }, dropped: {}, logDir: '.data/logs' })).toBe(
      'last 30 s: 412 requests (2xx 410, 4xx 2) · 3,120 events accepted (total 98,000) · restarts worker 1',
    )
    expect(formatSummary({ seconds: 5, requests: {}, eventsAccepted: null, restarts: { server: 0 }, dropped: { sim: 7 }, logDir: '.data/logs' })).toBe('last 5 s: 0 requests · restarts none · 7 more lines in .data/logs/')
  })

  it('reads the accepted events from the metrics page', () => {
    expect(acceptedFromMetrics('# HELP x\nsupervision_ingest_events_total{status="rejected"} 4\nsupervision_ingest_events_total{status="accepted"} 1234\n')).toBe(1234)
    expect(acceptedFromMetrics('nothing')).toBeNull()
  })

  it('writes every line, shown or not, to the child’s log file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-log-'))
    try {
      const shown: string[] = []
      const log = createDemoLog({ logDir: dir, out: (t, name) => shown.push(`${name}: ${t}`) })
      log.line('server', 'stdout', pino({ level: 30, msg: 'request completed', res: { statusCode: 200 } }))
      log.line('server', 'stdout', pino({ level: 30, msg: 'request completed', res: { statusCode: 404 } }))
      log.line('server', 'stdout', pino({ level: 40, msg: 'slow' }))
      expect(log.takeRequests()).toEqual({ '2xx': 1, '4xx': 1 })
      expect(log.takeRequests()).toEqual({})
      await log.close()
      expect(shown).toEqual(['server: WARN slow'])
      expect(readFileSync(path.join(dir, 'server.log'), 'utf8').trim().split('\n')).toHaveLength(3)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
