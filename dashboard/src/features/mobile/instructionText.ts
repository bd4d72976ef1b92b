/**
 * The text of a leader's instruction (批示) as recorded through POST /api/v1/orders/:id/instruction
 * (the console's route, which records free text): the decision opens the text, so the supervisor
 * and the department read it in the order's trail — 【同意】…, 【退回】…, 【转办】部门，限 N 个工作日内办理。…
 */
export type Decision = 'approve' | 'return' | 'forward'

export interface InstructionInput {
  decision: Decision
  text: string
  /** forward only */
  departmentName?: string
  days?: number
}

export type InstructionProblem = 'needText' | 'needDept' | null

export function instructionProblem(i: InstructionInput): InstructionProblem {
  if (i.decision === 'return' && i.text.trim().length === 0) return 'needText'
  if (i.decision === 'forward' && !i.departmentName) return 'needDept'
  return null
}

/** @example instructionBody({ decision: 'approve', text: '' }) // '【同意】' */
export function instructionBody(i: InstructionInput, prefix: { approve: string; return: string; forward: string }): string {
  const head =
    i.decision === 'forward'
      ? prefix.forward.replace('{dept}', i.departmentName ?? '').replace('{days}', String(i.days ?? 5))
      : prefix[i.decision]
  return `${head}${i.text.trim()}`.slice(0, 4000)
}
