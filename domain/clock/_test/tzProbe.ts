/** Prints a fixed set of deadline results as JSON; see timezone.test.ts. */
import { cnWorkCalendar } from '../../calendar/cnWorkCalendar.ts'
import { computeDeadline } from '../computeDeadline.ts'
import { explainDeadline } from '../explainDeadline.ts'

const cal = cnWorkCalendar()
const out: unknown[] = []
for (let i = 0; i < 150; i++) {
  const ms = Date.UTC(2025, 8, 20) + i * 7_919_000 // every ~2.2 h from 20 Sep 2025, across National Day
  const accepted = new Date(ms).toISOString()
  out.push(computeDeadline({ accepted, limit: i % 12, unit: i % 3 === 0 ? 'day' : 'workday', now: ms + 5 * 86_400_000 }, cal))
}
out.push(explainDeadline({ accepted: '2026-02-12T23:30:00Z', limit: 5, unit: 'workday', suspensions: [{ from: '2026-02-13T17:00:00Z', to: '2026-02-24T01:00:00Z' }], now: '2026-03-01T00:00:00Z' }, cal))
process.stdout.write(JSON.stringify(out))
