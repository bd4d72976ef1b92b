import type { CaseState } from '../case/foldCase.ts'
import { CASE_TYPES, type CaseType, type EventKind } from '../events/schema.ts'
import type { ActionContext, WindowAction } from './types.ts'

/**
 * The kind and body of the one event an action emits (the envelope is added by the caller). The
 * body is checked against its kind's schema by `validateEvent` on the shared ingest path.
 */
export interface ActionEvent {
  kind: Extract<EventKind, 'accepted' | 'returned' | 'supplementRequested' | 'supplementSupplied' | 'stage' | 'suspended' | 'resumed' | 'feeCharged' | 'concluded'>
  body: Record<string, unknown>
}

const trimmed = (s: string | undefined): string | undefined => {
  const t = s?.trim()
  return t ? t : undefined
}
/** Copies only the defined fields (event bodies are strict: no `undefined` keys on the wire). */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

/**
 * The event an approval action emits: exactly what an external source system would send for the
 * same step (PRODUCT.md "Events"), so the fold, the clock and the card rules treat the window like
 * any other source. Call after `checkAction` has passed.
 *
 * accept → accepted (item, case type, applicant, joint departments); return → returned;
 * requestSupplement → supplementRequested (the complete list, trimmed, without repeats);
 * supplySupplement → supplementSupplied; advance → stage; suspend → suspended; resume → resumed;
 * chargeFee → feeCharged; conclude → concluded.
 *
 * @example
 * actionEvent(state, { action: 'return', reason: ' 材料不齐 ', handler: '王五' }, ctx)
 * // => { kind: 'returned', body: { reason: '材料不齐', handler: '王五' } }
 */
export function actionEvent(state: CaseState, input: WindowAction, ctx: ActionContext): ActionEvent {
  const handler = input.handler.trim()
  switch (input.action) {
    case 'accept': {
      const joint = [...new Set((input.jointDepartments ?? []).map((d) => d.trim()))]
      const itemType = (CASE_TYPES as readonly string[]).includes(ctx.itemCaseType ?? '') ? (ctx.itemCaseType as CaseType) : 'promised'
      const applicant = input.applicant ?? state.applicant
      return {
        kind: 'accepted',
        body: compact({
          itemCode: state.itemCode ?? '',
          caseType: joint.length > 0 ? 'joint' : itemType,
          applicant: applicant ?? { name: '' },
          handler,
          jointDepartments: joint.length > 0 ? [ctx.departmentCode, ...joint] : undefined,
        }),
      }
    }
    case 'return':
      return { kind: 'returned', body: compact({ reason: trimmed(input.reason), handler }) }
    case 'requestSupplement':
      return { kind: 'supplementRequested', body: { materials: [...new Set(input.materials.map((m) => m.trim()).filter(Boolean))], handler } }
    case 'supplySupplement':
      return { kind: 'supplementSupplied', body: compact({ materials: input.materials?.map((m) => m.trim()).filter(Boolean), handler }) }
    case 'advance':
      return {
        kind: 'stage',
        body: compact({ stage: input.stage, handler, opinion: trimmed(input.opinion), decision: input.stage === 'approved' ? input.decision : undefined }),
      }
    case 'suspend':
      return {
        kind: 'suspended',
        body: compact({ procedure: input.procedure, expectedDays: input.expectedDays, approver: input.approver.trim(), reason: trimmed(input.reason) }),
      }
    case 'resume':
      return { kind: 'resumed', body: { handler } }
    case 'chargeFee':
      return { kind: 'feeCharged', body: { amount: Math.round(input.amount * 100) / 100, handler } }
    case 'conclude':
      return { kind: 'concluded', body: compact({ result: input.result, certificateNo: trimmed(input.certificateNo), reason: trimmed(input.reason), handler }) }
  }
}
