import { describe, expect, it } from 'vitest'
import { diffSummaries, summarize, type HeapSnapshotJson } from './heapSnapshot.ts'

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic']
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak']

/** A snapshot from a readable list: nodes [type, name, selfSize, detachedness] and edges [from, type, name, to]. */
function snapshot(nodes: [string, string, number, number][], edges: [number, string, string, number][]): HeapSnapshotJson {
  const strings: string[] = []
  const str = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1)
  const F = 6
  const flatNodes: number[] = []
  nodes.forEach(([type, name, size, det], i) => flatNodes.push(NODE_TYPES.indexOf(type), str(name), i + 1, size, edges.filter((e) => e[0] === i).length, det))
  const flatEdges: number[] = []
  for (const [, type, name, to] of [...edges].sort((a, b) => a[0] - b[0])) flatEdges.push(EDGE_TYPES.indexOf(type), type === 'element' ? Number(name) : str(name), to * F)
  return {
    snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'detachedness'], node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number'], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [EDGE_TYPES, 'string_or_number', 'node'] } },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  }
}

describe('heap snapshot summary', () => {
  // 0 root → 1 Window → 2 Chart -(el)→ 3 detached div -(child)→ 4 detached text; 5 an attached div; 6 a closure
  const before = snapshot(
    [
      ['synthetic', '', 0, 0],
      ['native', 'Window', 100, 1],
      ['object', 'Chart', 40, 0],
      ['native', 'HTMLDivElement', 80, 2],
      ['native', 'Text', 20, 2],
      ['native', 'HTMLDivElement', 80, 1],
      ['closure', 'onDelta', 32, 0],
    ],
    [
      [0, 'element', '1', 1],
      [1, 'property', 'chart', 2],
      [1, 'weak', 'ghost', 6],
      [2, 'property', 'el', 3],
      [3, 'internal', 'child', 4],
      [1, 'property', 'body', 5],
    ],
  )

  it('groups by constructor and finds the detached DOM nodes with their retaining path', () => {
    const s = summarize(before)
    expect(s.nodes).toBe(7)
    expect(s.totalSelfSize).toBe(352)
    expect(s.groups.get('HTMLDivElement')).toEqual({ count: 2, selfSize: 160 })
    expect(s.groups.get('(closure) onDelta')).toEqual({ count: 1, selfSize: 32 })
    expect(s.detachedDomNodes).toBe(2)
    expect([...s.detachedByName]).toEqual([['Detached HTMLDivElement', 1], ['Detached Text', 1]])
    expect(s.detachedPaths[0]).toBe('(root) -[1]→ Window -chart→ Chart -el→ HTMLDivElement')
    expect(s.detachedPaths[1]).toBe('(root) -[1]→ Window -chart→ Chart -el→ HTMLDivElement -child→ Text')
  })

  it('recognises detached nodes by name in snapshots without the detachedness field', () => {
    const snap = snapshot([['synthetic', '', 0, 0], ['native', 'Detached HTMLSpanElement', 10, 0], ['native', 'HTMLSpanElement', 10, 0]], [[0, 'element', '1', 1]])
    snap.snapshot.meta.node_fields = snap.snapshot.meta.node_fields.map((f) => (f === 'detachedness' ? 'unused' : f))
    const s = summarize(snap)
    expect(s.detachedDomNodes).toBe(1)
    expect(s.groups.get('HTMLSpanElement')?.count).toBe(2)
  })

  it('reports the groups that grew, most first, and not those that shrank', () => {
    const after = snapshot(
      [
        ['synthetic', '', 0, 0],
        ['native', 'Window', 100, 1],
        ['closure', 'onDelta', 32, 0],
        ['closure', 'onDelta', 32, 0],
        ['closure', 'onDelta', 32, 0],
        ['object', 'Chart', 400, 0],
      ],
      [[0, 'element', '1', 1]],
    )
    const d = diffSummaries(summarize(before), summarize(after))
    expect(d.byCount.map((r) => [r.group, r.countDelta])).toEqual([['(closure) onDelta', 2]])
    expect(d.bySize.map((r) => [r.group, r.selfSizeDelta])).toEqual([['Chart', 360], ['(closure) onDelta', 64]])
  })
})
