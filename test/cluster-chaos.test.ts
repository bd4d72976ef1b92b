/**
 * The local cluster's fault test in CI (scripts/cluster.ts, `npm run cluster:chaos -- --short`):
 * PostgreSQL primary + streaming replica, Redis Cluster (3 masters + 3 replicas), 2 servers behind
 * the proxy, 2 workers; one worker, one server, the Redis master of the queues' slot and the
 * PostgreSQL primary are SIGKILLed in turn under load. About two and a half minutes on a loaded
 * 2-core machine.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KILL_ORDER, runChaos, SHORT, type ChaosResult } from '../scripts/chaos.ts'
import { clusterTopology } from '../scripts/cluster/topology.ts'

const out = mkdtempSync(path.join(os.tmpdir(), 'cluster-results-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('npm run cluster:chaos -- --short', () => {
  it('keeps every acknowledged event, projected and folded right, through kill -9 of a worker, a server, a Redis master and the PostgreSQL primary', { timeout: 420_000 }, async () => {
    const lines: string[] = []
    const r = await runChaos({ ...SHORT, seed: 12, resultsDir: out, log: (l) => lines.push(l) }, clusterTopology, 'cluster')
    const report = lines.join('\n')

    expect(r.phases.map((p) => p.kill), report).toEqual(['none', ...KILL_ORDER])
    for (const p of r.phases) {
      expect(p.acknowledged, `${p.kill}\n${report}`).toBeGreaterThan(0)
      expect([p.lost, p.duplicated, p.unprojected, p.mismatched], `${p.kill}\n${report}`).toEqual([0, 0, 0, 0])
    }
    const phase = (k: string) => r.phases.find((p) => p.kill === k)!
    // two servers behind the proxy: killing one does not stop acknowledgements for as long as it is
    // down (one server alone: no 202 until it is back; the proxy retries elsewhere after 200 ms)
    const server = phase('server')
    expect(server.secondsWithout202, report).toBeLessThan(5)
    expect(server.secondsWithout202, report).toBeLessThan(server.restartSeconds!)
    // the Redis master was really gone: the cluster promoted its replica before it came back
    expect(report).toMatch(/Redis master \d+ holds the queues' slot/)
    // one primary: with it down nothing can be acknowledged
    expect(phase('postgres').secondsWithout202).toBeGreaterThanOrEqual(SHORT.downMs / 1000)
    expect(r.totals.unacknowledged, report).toBe(0)
    expect(r.totals.rejected, report).toBe(0)
    expect(r.totals.casesChecked).toBe(r.totals.cases)
    expect(r.totals.unexpectedExits, report).toEqual({})
    expect(r.clean).toBe(true)

    const written = JSON.parse(readFileSync(r.resultFile!, 'utf8')) as ChaosResult & { name: string }
    expect(existsSync(r.resultFile!)).toBe(true)
    expect(path.basename(r.resultFile!)).toMatch(/^cluster-/)
    expect(written.name).toBe('cluster')
    expect(written.phases).toEqual(r.phases)
  })
})
