/**
 * A small reader of the Prometheus text exposition format, for tests: the `# TYPE` of each family
 * and every sample with its labels.
 */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

export interface Scrape {
  /** Family name → type (`counter`, `gauge`, `histogram`, …). */
  types: Map<string, string>
  samples: Sample[]
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const m of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
  return labels
}

export function parseMetrics(text: string): Scrape {
  const types = new Map<string, string>()
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ')
      if (name && type) types.set(name, type)
      continue
    }
    if (line === '' || line.startsWith('#')) continue
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line)
    if (!m) throw new Error(`not a sample line: ${line}`)
    samples.push({ name: m[1]!, labels: parseLabels(m[2] ?? ''), value: Number(m[3]) })
  }
  return { types, samples }
}

/** The value of the sample `name` whose labels are exactly `labels` (undefined: none). */
export function sample(s: Scrape, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels)
  return s.samples.find((x) => x.name === name && Object.keys(x.labels).length === want.length && want.every(([k, v]) => x.labels[k] === v))?.value
}
