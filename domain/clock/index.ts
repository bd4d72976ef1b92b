/**
 * Deadlines: time limits in working or calendar days, suspensions, supplements and alert levels,
 * exactly per PRODUCT.md "Time-limit rules". Pure: `now` is always passed in.
 */
export type {
  ClockStop,
  CountedDay,
  DeadlineExplanation,
  DeadlineInput,
  DeadlineResult,
  ExcludedDay,
  IgnoredEvent,
  InvalidDeadline,
  Level,
  LevelScheme,
  LimitUnit,
  Moment,
  RunningDeadline,
  StoppedDeadline,
  SupplementInput,
  SupplementMode,
  SuspensionInput,
  Threshold,
  WarningRule,
} from './types.ts'
export { DEFAULT_LEVEL_SCHEME } from './DEFAULT_LEVEL_SCHEME.ts'
export { computeDeadline } from './computeDeadline.ts'
export { explainDeadline } from './explainDeadline.ts'
export { levelAt } from './levelAt.ts'
export { levelEffectiveAt, type LevelDates } from './levelEffectiveAt.ts'
export { stageClocks, type StageClock, type StageWatch } from './stageClocks.ts'
