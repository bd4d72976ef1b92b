import type { zh } from './messages.ts'

/** English texts of `messages.ts` (loaded only when English is chosen). Same keys as zh (the type says so). */
export const en: typeof zh = {
  title: 'Sign in',
  loginName: 'Login name',
  password: 'Password',
  submit: 'Sign in',
  submitting: 'Signing in…',
  signedInAs: 'Signed in as {name}',
  logout: 'Sign out',
  forbidden: 'This account ({name}) may not open that page; sign in with an account that may.',
  expired: 'The session has ended (expired or signed out); sign in again to go back to the page.',
  required: 'Enter your login name and password',
  sso: 'Single sign-on',
}
