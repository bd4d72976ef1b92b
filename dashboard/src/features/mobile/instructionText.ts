/**
 * The text of a leader's instruction (批示) as recorded through POST /api/v1/orders/:id/instruction
 * (the console's route, which records free text): the decision opens the text, so the supervisor
 * and the department read it in the order's trail — 【同意】…, 【退回】…, 【转办】部门，限 N 个工作日内
 * 办理（督办单 D-…）。… A forward (转办) first issues a new supervision order to that department with
 * that deadline through the console's POST /api/v1/orders (`forwardOrderBody`), then records the
 * instruction naming it.
 */
export type Decision = 'approve' | 'return' | 'forward'

export interface InstructionInput {
  decision: Decision
  text: string
  /** forward only */
  departmentName?: string
  /** forward only: the responsible person of the new order (a member of that department) */
  responsibleUserId?: string
  days?: number
  /** forward only: the number of the order issued for it (once issued) */
  forwardedOrderNo?: string
}

export type InstructionProblem = 'needText' | 'needDept' | 'needPerson' | 'needDays' | null

export function instructionProblem(i: InstructionInput): InstructionProblem {
  if (i.decision === 'return' && i.text.trim().length === 0) return 'needText'
  if (i.decision === 'forward') {
    if (!i.departmentName) return 'needDept'
    if (!i.responsibleUserId) return 'needPerson'
    if (!Number.isInteger(i.days) || i.days! < 1 || i.days! > 60) return 'needDays'
  }
  return null
}

/** @example instructionBody({ decision: 'approve', text: '' }) // '【同意】' */
export function instructionBody(i: InstructionInput, prefix: { approve: string; return: string; forward: string }): string {
  const head =
    i.decision === 'forward'
      ? prefix.forward.replace('{dept}', i.departmentName ?? '').replace('{days}', String(i.days ?? 5)).replace('{orderNo}', i.forwardedOrderNo ?? '')
      : prefix[i.decision]
  return `${head}${i.text.trim()}`.slice(0, 4000)
}

/**
 * The body of POST /api/v1/orders for a forward: the appealed order's department is not the
 * target; the opinion names the order it comes from and carries the leader's text; the case, if
 * any, stays attached. `template` has `{orderNo}` and `{text}`.
 * @example forwardOrderBody({ departmentCode: 'D2', responsibleUserId: '7', days: 3, text: '请协助' }, { orderNo: 'D-1', caseNo: null }, '{orderNo}：{text}')
 * // { departmentCode: 'D2', responsibleUserId: '7', dueInWorkingDays: 3, opinion: 'D-1：请协助' }
 */
export function forwardOrderBody(
  i: { departmentCode: string; responsibleUserId: string; days: number; text: string },
  from: { orderNo: string; caseNo: string | null },
  template: string,
): { departmentCode: string; responsibleUserId: string; dueInWorkingDays: number; opinion: string; caseNo?: string } {
  const opinion = template.replace('{orderNo}', from.orderNo).replace('{text}', i.text.trim()).trim().slice(0, 4000)
  return { departmentCode: i.departmentCode, responsibleUserId: i.responsibleUserId, dueInWorkingDays: i.days, opinion, ...(from.caseNo ? { caseNo: from.caseNo } : {}) }
}
