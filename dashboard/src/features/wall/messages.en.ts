import type { zh } from './messages.ts'

/** English texts of `messages.ts` (loaded only when English is chosen). Same keys as zh (the type says so). */
export const en: typeof zh = {
  subtitle: 'Live supervision wall',
  panels: {
    departments: 'Departments, live',
    cards: 'Warnings and cards',
    trends: 'Case and time-limit trends',
    map: 'District map',
    rankings: 'On-time rate this month',
  },
  awaitingData: 'Under construction · awaiting live data',
  waiting: 'Waiting for live data…',
  connection: 'System',
  tiles: {
    receivedToday: 'Received today',
    acceptedToday: 'Accepted today',
    concludedToday: 'Concluded today',
    inProgress: 'In progress',
    warning: 'Warning',
    yellow: 'Yellow',
    red: 'Red',
    onTimeRateMonth: 'On time, month',
  },
  levels: { normal: 'Normal', warning: 'Warning', yellow: 'Yellow', red: 'Red' },
  map: { legend: 'Worst level' },
  board: { name: 'Department', open: 'Open', page: 'Page {i}/{n}' },
  cards: { yellow: 'Yellow', red: 'Red', empty: 'No cards yet', subject: { case: 'Case', petition: 'Petition', order: 'Order' } },
  trends: {
    hourly: 'Received and concluded per hour, today',
    daily: 'Received and concluded per day, this month',
    received: 'Received',
    concluded: 'Concluded',
    caseTypes: 'Case types, this month',
    petitions: 'Open petitions by kind and level',
    caseType: { immediate: 'Immediate', promised: 'Promised', joint: 'Joint', escalated: 'Escalated', returned: 'Returned', supplemented: 'Supplemented' },
    petitionKind: { consultation: 'Consultation', complaint: 'Complaint', petition: 'Petition', mailbox: 'Mailbox', efficiencyComplaint: 'Efficiency' },
  },
  rankings: { best: 'Best 5', worst: 'Worst 5', concluded: '{n} concluded', none: 'Too few departments with enough concluded cases this month to rank' },
  freshness: { none: 'Waiting for data', fresh: 'Live · {time}', stale: 'Delayed · {time}', old: 'Stalled · {time}' },
  live: { connecting: 'Connecting', live: 'Connected', offline: 'Disconnected, retrying', unauthenticated: 'Signed out', forbidden: 'Not allowed' },
  access: {
    forbidden: 'The account “{name}” may not watch the wall',
    hint: 'Ask an administrator to give it the wall display role, or sign in with a display account. The wall resumes by itself once the account is changed.',
    switchAccount: 'Sign in with another account',
  },
}
