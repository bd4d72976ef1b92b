/**
 * The public site's English texts, all in one chunk fetched the first time English is shown (the
 * Chinese ones are in the pages' chunks): the whole page switches at once, not part by part.
 */
export { en as site } from './messages.en.ts'
export { en as data } from './messagesData.en.ts'
export { en as content } from './contentMessages.en.ts'
