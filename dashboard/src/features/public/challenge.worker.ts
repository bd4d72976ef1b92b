/**
 * The proof-of-work solver off the page's main thread: receives a challenge, answers with the
 * payload (or null). One loop without yielding: nothing else runs in this thread.
 */
import type { PublicChallenge } from '../../../../domain/contracts/api/public.ts'
import { solveChallenge } from './solveChallenge.ts'

addEventListener('message', (ev: MessageEvent<PublicChallenge>) => {
  void solveChallenge(ev.data, { slice: Number.MAX_SAFE_INTEGER }).then((payload) => postMessage(payload))
})
