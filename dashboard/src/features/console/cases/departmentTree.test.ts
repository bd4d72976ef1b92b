import { describe, expect, it } from 'vitest'
import { departmentTree, type DepartmentChoice } from './departmentTree.ts'

const d = (code: string, parentCode: string | null, kind = 'agency'): DepartmentChoice => ({ code, name: code, shortName: null, parentCode, kind, jurisdictionCode: '440204' })

describe('departmentTree', () => {
  it('nests towns and offices under their parents and keeps order', () => {
    const t = departmentTree([d('SCJG', null), d('SCJG-01', 'SCJG', 'town'), d('ZJJ', null), d('SCJG-02', 'SCJG', 'street')])
    expect(t.map((n) => n.value)).toEqual(['SCJG', 'ZJJ'])
    expect(t[0]!.children.map((n) => n.value)).toEqual(['SCJG-01', 'SCJG-02'])
    expect(t[0]!.children[1]!.kind).toBe('street')
  })
  it('makes a department whose parent is out of scope a root', () => {
    expect(departmentTree([d('SCJG-01', 'SCJG')]).map((n) => n.value)).toEqual(['SCJG-01'])
  })
  it('survives a self-parent', () => {
    expect(departmentTree([d('X', 'X')]).map((n) => n.value)).toEqual(['X'])
  })
})
