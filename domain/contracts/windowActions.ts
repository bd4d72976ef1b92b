/**
 * The approval module's actions (窗口办件) and their URL segments:
 * `POST /api/v1/window/cases/:caseNo/<ACTION_PATHS[action]>` (server/routes/window.ts registers
 * them, dashboard/src/features/window/api.ts calls them).
 */
export const WINDOW_ACTIONS = [
  'accept',
  'return',
  'requestSupplement',
  'supplySupplement',
  'advance',
  'suspend',
  'resume',
  'chargeFee',
  'conclude',
] as const
export type WindowActionName = (typeof WINDOW_ACTIONS)[number]

/** URL segment of each action. */
export const ACTION_PATHS: Readonly<Record<WindowActionName, string>> = {
  accept: 'accept',
  return: 'return',
  requestSupplement: 'supplement-request',
  supplySupplement: 'supplement-supply',
  advance: 'stage',
  suspend: 'suspend',
  resume: 'resume',
  chargeFee: 'fee',
  conclude: 'conclude',
}
