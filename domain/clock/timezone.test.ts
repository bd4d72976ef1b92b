/**
 * The deadline engine must not depend on the process time zone. The root vitest config pins TZ to
 * America/New_York; this test also recomputes a fixed set of deadlines in child processes under
 * other zones (UTC+14, UTC−11, Shanghai, UTC, a DST zone) and requires identical output.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('./_test/tzProbe.ts', import.meta.url))
const root = fileURLToPath(new URL('../../', import.meta.url))
const run = (tz: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, TZ: tz }, encoding: 'utf8' })

describe('time-zone independence', () => {
  it('gives the same results whatever the process TZ', () => {
    const reference = run('Asia/Shanghai')
    expect(JSON.parse(reference).length).toBeGreaterThan(100)
    for (const tz of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', 'Europe/London']) {
      expect(run(tz), tz).toBe(reference)
    }
  }, 60_000)
})
