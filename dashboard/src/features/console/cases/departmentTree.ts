/**
 * The department filter's tree: departments (agencies, towns, streets) nest by `parentCode`; a
 * department whose parent is not visible becomes a root. Children sorted as given. Pure.
 */
export interface DepartmentChoice {
  code: string
  name: string
  shortName: string | null
  parentCode: string | null
  kind: string
  jurisdictionCode: string
}

export interface DepartmentNode {
  value: string
  label: string
  kind: string
  children: DepartmentNode[]
}

export function departmentTree(list: readonly DepartmentChoice[]): DepartmentNode[] {
  const nodes = new Map<string, DepartmentNode>(list.map((d) => [d.code, { value: d.code, label: d.name, kind: d.kind, children: [] }]))
  const roots: DepartmentNode[] = []
  for (const d of list) {
    const node = nodes.get(d.code)!
    const parent = d.parentCode && d.parentCode !== d.code ? nodes.get(d.parentCode) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}
