/**
 * Limits of the department's petition pages (server/routes/window-petitions.ts), as a plain module
 * the dashboard imports at run time (the API's TypeBox schemas are types only there).
 */

/** The longest answer a department may give (the `petition.replied` event's `reply`, domain/events/schema.ts). */
export const ANSWER_MAX_LENGTH = 5000
/** How many characters of a petition's text the list shows. */
export const SUBJECT_EXCERPT_LENGTH = 80

/** The statuses of a petition (domain/case/foldPetition.ts), in their order. */
export const WINDOW_PETITION_STATUSES = ['received', 'assigned', 'acknowledged', 'replied', 'closed'] as const
export type WindowPetitionStatus = (typeof WINDOW_PETITION_STATUSES)[number]
