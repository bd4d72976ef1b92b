/**
 * The cluster on one machine (scripts/cluster/topology.ts): PostgreSQL primary + streaming
 * replica, a Redis Cluster of 3 masters + 3 replicas, 2 servers behind a round-robin proxy,
 * 2 workers — each a separate process on its own port.
 *
 *   npm run cluster:local                  # start it, print where it is, stop on Ctrl-C
 *   npm run cluster:chaos                  # the fault test on it: 4 min at 200 events/s
 *   npm run cluster:chaos -- --short       # 40 s at 100 events/s
 *   npm run cluster:chaos -- --seconds 120 --rate 150 --pg-bin /usr/lib/postgresql/15/bin
 *
 * The fault test is `npm run chaos`'s (scripts/chaos.ts) on this topology: under load with unique
 * event ids it SIGKILLs in turn one worker, one server, the Redis master of the queues' slot (the
 * cluster promotes its replica; the old master comes back as a replica) and the PostgreSQL primary
 * (restarted; the replica reconnects), then checks in SQL that nothing acknowledged was lost,
 * double-stored or left unprojected and that every case equals a fresh fold. Writes
 * `bench/results/cluster-<time>.json`; exit code 0 when every figure is 0.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseChaosArgs, runChaos, type ChaosOptions } from './chaos.ts'
import { clusterTopology, startCluster } from './cluster/topology.ts'

async function local(pgBin: string | undefined): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'sv-cluster-'))
  const log = (l: string) => process.stdout.write(`${l}\n`)
  const c = await startCluster(pgBin ? { pgBin } : {}, { runDir, runId, log })
  log('')
  log(`proxy (API, /socket.io):  ${c.info.proxyUrl}`)
  log(`servers:                  ${c.info.servers.join('  ')}`)
  log(`PostgreSQL primary:       ${c.info.primaryUrl}`)
  log(`PostgreSQL replica:       ${c.info.replicaUrl ?? 'none (no pg_basebackup: reads go to the primary)'}`)
  log(`Redis Cluster:            ${c.info.redisUrl}`)
  log(`QUEUE_PREFIX:             ${c.info.queuePrefix}`)
  log(`API key (source chaos):   ${c.info.apiKey}`)
  log(`logs:                     ${runDir}`)
  log('Ctrl-C stops everything.')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  log('stopping…')
  await c.stop()
  await fs.rm(runDir, { recursive: true, force: true })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const argv = process.argv.slice(2)
  const chaos = argv.includes('--chaos')
  let options: ChaosOptions
  try {
    options = parseChaosArgs(argv.filter((a) => a !== '--chaos'))
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: npm run cluster:local -- [--pg-bin DIR] | npm run cluster:chaos -- [--short] [--seconds N] [--rate N] [--batch N] [--down-ms N] [--settle N] [--seed N] [--pg-bin DIR] [--out DIR] [--keep]\n`)
    process.exit(2)
  }
  const run = chaos ? runChaos(options, clusterTopology, 'cluster').then((r) => (r.clean ? 0 : 1)) : local(options.pgBin).then(() => 0)
  run.then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`cluster failed: ${(e as Error).stack ?? String(e)}\n`)
      process.exit(1)
    },
  )
}
