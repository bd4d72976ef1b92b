import type { CaseState } from '../case/foldCase.ts'
import type { ErrorCode } from '../errors.ts'

/**
 * Which department acts on a case: the one asked for, else the user's own department when it has
 * a part in the case, else the first of the case's departments (lead, then joint parts) the user
 * may act for. A case none of whose departments is visible answers NOT_FOUND (as GET /cases/:no
 * does: its existence is not disclosed); a visible case but a department outside the user's scope
 * or without a part in the case answers DEPARTMENT_OUT_OF_SCOPE.
 */
export function actingDepartment(
  state: CaseState,
  visible: readonly string[],
  user: { departmentCode: string | null },
  asked: string | undefined,
): { ok: true; departmentCode: string } | { ok: false; code: ErrorCode; detail?: string } {
  const involved = [state.departmentCode, ...state.jointDepartments.filter((d) => d !== state.departmentCode)]
  const mine = involved.filter((d) => visible.includes(d))
  if (mine.length === 0) return { ok: false, code: 'NOT_FOUND' }
  if (asked !== undefined) {
    return mine.includes(asked) ? { ok: true, departmentCode: asked } : { ok: false, code: 'DEPARTMENT_OUT_OF_SCOPE', detail: asked }
  }
  const own = user.departmentCode !== null && mine.includes(user.departmentCode) ? user.departmentCode : (mine[0] as string)
  return { ok: true, departmentCode: own }
}
