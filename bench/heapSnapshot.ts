/**
 * Reading a V8 heap snapshot (the JSON of CDP `HeapProfiler.takeHeapSnapshot`) for the wall soak:
 * objects grouped by constructor, the detached DOM nodes, and the shortest retaining path of a few
 * of them, then the difference between two snapshots (which groups grew).
 *
 * The format: `snapshot.meta` names the fields of each node (`type`, `name`, `id`, `self_size`,
 * `edge_count`, …, sometimes `detachedness`) and each edge (`type`, `name_or_index`, `to_node`);
 * `nodes` and `edges` are flat integer arrays of those fields; names index `strings`. Node 0 is
 * the root; a node's edges follow those of the nodes before it.
 */

export interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[]; edge_fields: string[]; edge_types: unknown[] }; node_count?: number }
  nodes: number[]
  edges: number[]
  strings: string[]
}

export interface GroupStat {
  count: number
  selfSize: number
}

export interface HeapSummary {
  nodes: number
  totalSelfSize: number
  /** By group: constructor name for objects and native (DOM) objects, `(closure) name`, `(string)`, … */
  groups: Map<string, GroupStat>
  detachedDomNodes: number
  /** Detached nodes by name (e.g. `Detached HTMLDivElement`, `Detached Text`). */
  detachedByName: Map<string, number>
  /** Shortest retaining paths (from the root, weak edges ignored) of up to `pathsOf` detached nodes. */
  detachedPaths: string[]
}

function typeNames(meta: HeapSnapshotJson['snapshot']['meta'], i: number): string[] {
  const t = meta.node_types[i] ?? meta.edge_types[i]
  return Array.isArray(t) ? (t as string[]) : []
}

/** Groups the objects of one snapshot; `pathsOf` detached nodes get their retaining path. */
export function summarize(snap: HeapSnapshotJson, pathsOf = 3): HeapSummary {
  const { meta } = snap.snapshot
  const nf = meta.node_fields
  const N = nf.length
  const iType = nf.indexOf('type')
  const iName = nf.indexOf('name')
  const iSelf = nf.indexOf('self_size')
  const iEdges = nf.indexOf('edge_count')
  const iDetached = nf.indexOf('detachedness')
  const nodeTypes = typeNames(meta, iType)
  const ef = meta.edge_fields
  const E = ef.length
  const eType = ef.indexOf('type')
  const eName = ef.indexOf('name_or_index')
  const eTo = ef.indexOf('to_node')
  const edgeTypes = Array.isArray(meta.edge_types[eType]) ? (meta.edge_types[eType] as string[]) : []
  const { nodes, edges, strings } = snap
  const count = nodes.length / N

  const groups = new Map<string, GroupStat>()
  const detachedByName = new Map<string, number>()
  const detached: number[] = []
  let totalSelfSize = 0
  for (let n = 0; n < count; n++) {
    const o = n * N
    const type = nodeTypes[nodes[o + iType]!] ?? 'unknown'
    const name = strings[nodes[o + iName]!] ?? ''
    const self = nodes[o + iSelf]!
    totalSelfSize += self
    const key = type === 'object' || type === 'native' ? name.replace(/^Detached /, '') || `(${type})` : type === 'closure' ? `(closure) ${name || 'anonymous'}` : `(${type})`
    const g = groups.get(key)
    if (g) {
      g.count++
      g.selfSize += self
    } else groups.set(key, { count: 1, selfSize: self })
    const isDetached = iDetached >= 0 ? nodes[o + iDetached] === 2 && type === 'native' : name.startsWith('Detached ')
    if (isDetached) {
      detached.push(n)
      const label = name.startsWith('Detached ') ? name : `Detached ${name}`
      detachedByName.set(label, (detachedByName.get(label) ?? 0) + 1)
    }
  }

  const detachedPaths: string[] = []
  if (pathsOf > 0 && detached.length > 0) {
    // breadth-first from the root: each node's parent (and the edge's name) on a shortest path
    const parent = new Int32Array(count).fill(-1)
    const via = new Array<string>(count)
    const firstEdge = new Uint32Array(count + 1)
    for (let n = 0, e = 0; n < count; n++) {
      firstEdge[n] = e
      e += nodes[n * N + iEdges]! * E
      firstEdge[n + 1] = e
    }
    parent[0] = 0
    const queue = new Int32Array(count)
    let head = 0
    let tail = 0
    queue[tail++] = 0
    while (head < tail) {
      const n = queue[head++]!
      for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += E) {
        const et = edgeTypes[edges[e + eType]!]
        if (et === 'weak' || et === 'shortcut') continue
        const to = edges[e + eTo]! / N
        if (parent[to] !== -1) continue
        parent[to] = n
        const ni = edges[e + eName]!
        via[to] = et === 'element' || et === 'hidden' ? `[${ni}]` : (strings[ni] ?? String(ni))
        queue[tail++] = to
      }
    }
    const label = (n: number) => {
      const name = strings[nodes[n * N + iName]!] ?? ''
      return name.length > 40 ? `${name.slice(0, 40)}…` : name || `(${nodeTypes[nodes[n * N + iType]!]})`
    }
    for (const d of detached.slice(0, pathsOf)) {
      if (parent[d] === -1) {
        detachedPaths.push(`${label(d)} (unreachable: garbage not yet collected)`)
        continue
      }
      const chain: number[] = []
      for (let n = d; n !== 0 && chain.length < 40; n = parent[n]!) chain.unshift(n)
      detachedPaths.push(['(root)', ...chain.map((n) => `-${via[n]}→ ${label(n)}`)].join(' '))
    }
  }
  return { nodes: count, totalSelfSize, groups, detachedDomNodes: detached.length, detachedByName, detachedPaths }
}

export interface GroupGrowth {
  group: string
  countBefore: number
  countAfter: number
  countDelta: number
  selfSizeDelta: number
}

/** The groups whose count or self size grew most from `before` to `after` (at most `top` of each). */
export function diffSummaries(before: HeapSummary, after: HeapSummary, top = 12): { byCount: GroupGrowth[]; bySize: GroupGrowth[] } {
  const rows: GroupGrowth[] = []
  for (const key of new Set([...before.groups.keys(), ...after.groups.keys()])) {
    const b = before.groups.get(key) ?? { count: 0, selfSize: 0 }
    const a = after.groups.get(key) ?? { count: 0, selfSize: 0 }
    rows.push({ group: key, countBefore: b.count, countAfter: a.count, countDelta: a.count - b.count, selfSizeDelta: a.selfSize - b.selfSize })
  }
  const byCount = rows.filter((r) => r.countDelta > 0).sort((x, y) => y.countDelta - x.countDelta || x.group.localeCompare(y.group)).slice(0, top)
  const bySize = rows.filter((r) => r.selfSizeDelta > 0).sort((x, y) => y.selfSizeDelta - x.selfSizeDelta || x.group.localeCompare(y.group)).slice(0, top)
  return { byCount, bySize }
}
