/**
 * `npm run bench`: every benchmark in turn, each in its own process (results in bench/results/).
 * `npm run bench -- ingest deadline` runs only those.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const ALL = ['deadline', 'ingest', 'sweep', 'recompute', 'fanout', 'wall-soak', 'export', 'statistics', 'volume'] as const
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [...ALL]
let failed = 0
for (const name of wanted) {
  const file = `bench/${name}.bench.ts`
  if (!existsSync(file)) {
    process.stderr.write(`bench: no ${file}\n`)
    failed += 1
    continue
  }
  process.stdout.write(`\n==== ${name} ====\n`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' })
  if (r.status !== 0) failed += 1
}
process.exitCode = failed === 0 ? 0 : 1
