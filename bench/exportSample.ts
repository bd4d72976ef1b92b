/**
 * One case export over HTTP with the process's memory sampled while it streams (shared by
 * bench/export.bench.ts and bench/volume.bench.ts): heap in use and RSS every 10 ms, and every
 * 250 ms the heap still reachable after a full GC (what the export holds on to). The client counts
 * bytes and CSV lines and keeps nothing. Needs `--expose-gc` semantics: the collector is taken
 * from V8 here.
 */
import v8 from 'node:v8'
import vm from 'node:vm'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

export interface ExportSample { ms: number; bytes: number; rows: number; peakHeapMiB: number; peakRetainedMiB: number; peakRssMiB: number; baseHeapMiB: number; baseRssMiB: number }

/** GET `${base}/api/v1/cases/export?format=…&query` with `cookie`; rows = CSV lines less the header (-1 for XLSX). */
export async function exportOnce(base: string, cookie: string, format: 'csv' | 'xlsx', query: string): Promise<ExportSample> {
  gc()
  await new Promise((r) => setTimeout(r, 100))
  gc()
  const base0 = process.memoryUsage()
  let peakHeap = base0.heapUsed
  let peakRss = base0.rss
  let peakRetained = base0.heapUsed
  let ticks = 0
  const timer = setInterval(() => {
    // every 10 ms: heap in use (garbage included) and RSS; every 250 ms also the heap still
    // reachable after a full collection (what the export holds on to)
    if (++ticks % 25 === 0) {
      gc()
      const h = process.memoryUsage().heapUsed
      if (h > peakRetained) peakRetained = h
    }
    const m = process.memoryUsage()
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed
    if (m.rss > peakRss) peakRss = m.rss
  }, 10)
  const start = performance.now()
  try {
    const res = await fetch(`${base}/api/v1/cases/export?format=${format}&${query}`, { headers: { cookie } })
    if (!res.ok || !res.body) throw new Error(`export ${format}: HTTP ${res.status}`)
    let bytes = 0
    let newlines = 0
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength
      if (format === 'csv') for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines += 1
    }
    const ms = performance.now() - start
    const MiB = 2 ** 20
    return { ms, bytes, rows: format === 'csv' ? newlines - 1 : -1, peakHeapMiB: (peakHeap - base0.heapUsed) / MiB, peakRetainedMiB: (peakRetained - base0.heapUsed) / MiB, peakRssMiB: (peakRss - base0.rss) / MiB, baseHeapMiB: base0.heapUsed / MiB, baseRssMiB: base0.rss / MiB }
  } finally {
    clearInterval(timer)
  }
}
