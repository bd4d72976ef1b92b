/**
 * The readers of bench/public.bench.ts, in a process of their own (so the client's work does not
 * stall the server's event loop and inflate its measured answer times): `readers` loops of back to
 * back GETs over `urls` for `seconds`. Prints one JSON line: the latencies (ms) and the errors.
 *
 *   node --import tsx bench/public-client.ts <base> <readers> <seconds> <url>…
 */
import { Agent, request } from 'undici'

const [base, readersArg, secondsArg, ...urls] = process.argv.slice(2)
const readers = Number(readersArg)
const until = Date.now() + Number(secondsArg) * 1000
const agent = new Agent({ connections: readers, pipelining: 1 })
const latencies: number[] = []
let errors = 0

async function reader(n: number) {
  for (let i = n; Date.now() < until; i++) {
    const s = performance.now()
    try {
      const res = await request(`${base}${urls[i % urls.length]}`, { dispatcher: agent })
      await res.body.arrayBuffer()
      if (res.statusCode !== 200) errors++
    } catch {
      errors++
    }
    latencies.push(performance.now() - s)
  }
}

await Promise.all(Array.from({ length: readers }, (_, n) => reader(n)))
await agent.close()
process.stdout.write(`${JSON.stringify({ latencies: latencies.map((x) => Math.round(x * 100) / 100), errors })}\n`)
