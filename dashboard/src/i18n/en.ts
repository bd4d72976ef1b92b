import type { Messages } from './zh-CN.ts'
import { en as wallEn } from '../features/wall/messages.ts'
import { en as consoleEn } from '../features/console/messages.ts'
import { en as windowEn } from '../features/window/messages.ts'
import { en as loginEn } from '../features/login/messages.ts'
import { en as supervisionEn } from '../features/console/supervision/messages.ts'
import { en as performanceEn } from '../features/console/performance/messages.ts'
import { en as windowOrdersEn } from '../features/window/orders/messages.ts'
import { en as notificationsEn } from '../features/shared/notificationMessages.ts'

/** English. Same keys as zh-CN (checked by the `Messages` type). */
export const en: Messages = {
  app: {
    name: 'Administrative Approval E-Supervision Command Centre',
    tagline: 'Live electronic supervision of approval cases, consultations and complaints',
    titleTemplate: '{page} · Approval Supervision Command Centre',
  },
  locale: {
    label: 'Language',
    names: { 'zh-CN': '简体中文', en: 'English' },
  },
  common: {
    underConstruction: 'Under construction',
    backHome: 'Back to home',
    open: 'Open',
    audience: 'Who it is for',
    willShow: 'What it will offer',
    placeholderNote: 'This page is under construction: below is what it is planned to do. It shows no case data yet.',
  },
  landing: {
    surfacesTitle: 'Surfaces',
    surfacesHint: 'Six workspaces, one for each kind of user',
    apiDocs: 'API documentation (OpenAPI)',
  },
  status: {
    title: 'System status',
    states: {
      unknown: 'Checking…',
      ready: 'All systems operational',
      degraded: 'Some services are down',
      unreachable: 'Server unreachable',
    },
    components: { postgres: 'Database (PostgreSQL)', redis: 'Cache and queues (Redis)' },
    componentStates: { up: 'Up', down: 'Down', unknown: 'Unknown' },
    problems: {
      timeout: 'No answer within {seconds} s',
      http: 'The server answered HTTP {status}',
      network: 'Network error: {message}',
      body: 'Unexpected response',
    },
    checkedAt: 'Last checked: {time}',
    neverChecked: 'Not checked yet',
    lastKnown: 'Last known state',
    every: 'Checked every {seconds} s',
    paused: 'Automatic checks paused',
    checkNow: 'Check now',
    pause: 'Pause',
    resume: 'Resume',
  },
  surfaces: {
    wall: {
      name: 'Supervision wall',
      audience: 'Supervision office',
      summary: 'The command-centre big screen (1920×1080 up to 4K, and 3840×1080 video walls), unattended for days.',
      features: [
        'Live supervision status of every department',
        'Warnings and yellow/red cards as they happen',
        'Case and time-limit trends',
        'The district map',
      ],
    },
    console: {
      name: 'Supervisor console',
      audience: 'Supervisors',
      summary: 'Find cases, read their full trail, and act on them.',
      features: [
        'Search cases by receipt number, item, time range, department, level and case type',
        "A case's full trail (the five key stages and any others)",
        'Issue yellow and red cards by hand; urge and order supervision',
        "Handle appeals; record leaders' instructions and conclusions",
      ],
    },
    m: {
      name: 'Leaders’ mobile',
      audience: 'Leaders',
      summary: "Today's picture and pending instructions, on the phone.",
      features: [
        "Today's supervision status",
        'Red cards',
        'Department rankings',
        'Instructions waiting for you',
        'Drill into a department',
      ],
    },
    public: {
      name: 'Public site',
      audience: 'Citizens (no login, no personal data)',
      summary: 'Department performance and supervision results, published.',
      features: ['Department rankings and scorecards', 'Overdue and red-card disclosure', 'Time limits of each item'],
    },
    window: {
      name: 'Approval window',
      audience: 'Department window staff and case handlers',
      summary: 'Register, accept and move cases through their stages.',
      features: [
        'Register and accept cases',
        'Move cases through their stages (undertaken, reviewed, approved, concluded)',
        'Answer consultations, complaints and petitions',
        'Receive urging and supervision orders',
      ],
    },
    admin: {
      name: 'Administration',
      audience: 'Administrators',
      summary: 'Configure the data and rules supervision runs on, without code.',
      features: [
        'Departments and the item catalogue',
        'Time-limit and card rules',
        'Working-day calendar (holidays and adjusted working days)',
        'Performance indicator schemes',
        'Users',
        'API keys of source systems',
      ],
    },
  },
  wall: wallEn,
  console: consoleEn,
  window: windowEn,
  login: loginEn,
  supervision: supervisionEn,
  performance: performanceEn,
  windowOrders: windowOrdersEn,
  notifications: notificationsEn,
  notFound: {
    title: 'Page not found',
    detail: 'There is no page at {path}.',
  },
}
