/**
 * The fault test's short form in CI: its own PostgreSQL and Redis, the server and the worker as
 * processes, each of the four killed with SIGKILL under load and restarted (scripts/chaos.ts).
 * About a minute and a half.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KILL_ORDER, runChaos, SHORT, type ChaosResult } from '../scripts/chaos.ts'

const out = mkdtempSync(path.join(os.tmpdir(), 'chaos-results-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('npm run chaos -- --short', () => {
  it('loses, doubles and leaves unprojected no acknowledged event, and every case equals a fresh fold, through kill -9 of each process', { timeout: 240_000 }, async () => {
    const lines: string[] = []
    const r = await runChaos({ ...SHORT, seed: 11, resultsDir: out, log: (l) => lines.push(l) })
    const report = lines.join('\n')

    expect(r.phases.map((p) => p.kill), report).toEqual(['none', ...KILL_ORDER])
    for (const p of r.phases) {
      // every phase carried load that was acknowledged, and kept all of it
      expect(p.acknowledged, `${p.kill}\n${report}`).toBeGreaterThan(0)
      expect([p.lost, p.duplicated, p.unprojected, p.mismatched], `${p.kill}\n${report}`).toEqual([0, 0, 0, 0])
    }
    for (const p of r.phases.slice(1)) expect(p.restartSeconds, p.kill).toBeGreaterThan(0)
    // the kills were real: with the server or PostgreSQL down nothing can be acknowledged
    const phase = (k: string) => r.phases.find((p) => p.kill === k)!
    expect(phase('server').secondsWithout202).toBeGreaterThanOrEqual(SHORT.downMs / 1000)
    expect(phase('postgres').secondsWithout202).toBeGreaterThanOrEqual(SHORT.downMs / 1000)
    // and the driver's retries crossed them: every id it sent was acknowledged in the end
    expect(r.totals.unacknowledged, report).toBe(0)
    expect(r.totals.rejected, report).toBe(0)
    expect(r.totals.duplicatesAcknowledged, report).toBeGreaterThan(0)
    expect(r.totals.casesChecked).toBe(r.totals.cases)
    expect(r.totals.unexpectedExits, report).toEqual({})
    expect(r.clean).toBe(true)

    expect(r.resultFile).not.toBeNull()
    expect(existsSync(r.resultFile!)).toBe(true)
    const written = JSON.parse(readFileSync(r.resultFile!, 'utf8')) as ChaosResult & { name: string }
    expect(written.name).toBe('chaos')
    expect(written.phases).toEqual(r.phases)
    expect(report).toMatch(/^kill -9\s+acknowledged\s+lost\s+stored twice\s+unprojected\s+mismatched cases\s+s without 202/m)
  })
})
