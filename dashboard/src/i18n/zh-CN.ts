import type { zh as wallZh } from '../features/wall/messages.ts'
import type { zh as consoleZh } from '../features/console/messages.ts'
import type { zh as windowZh } from '../features/window/messages.ts'
import type { zh as loginZh } from '../features/login/messages.ts'
import type { zh as supervisionZh } from '../features/console/supervision/messages.ts'
import type { zh as statisticsZh } from '../features/console/statistics/messages.ts'
import type { zh as performanceZh } from '../features/console/performance/messages.ts'
import type { zh as adminRulesZh } from '../features/admin/rules/messages.ts'
import type { zh as adminContentZh } from '../features/admin/content/messages.ts'
import type { zh as petitionsZh } from '../features/console/petitions/messages.ts'
import type { zh as windowOrdersZh } from '../features/window/orders/messages.ts'
import type { zh as notificationsZh } from '../features/shared/notificationMessages.ts'
import type { zh as adminZh } from '../features/admin/messages.ts'
import type { zh as mobileZh } from '../features/mobile/messages.ts'

/**
 * Simplified Chinese core texts (the landing page, the shared components, document titles): the
 * default language, in the entry chunk. Each surface's own texts stay with its feature
 * (`features/…/messages.ts`, zh; `messages.en.ts`, en) and are loaded with the surface
 * (`namespaces.ts`); `Messages` is the whole catalogue's type, core and every namespace.
 * Every other catalogue must have exactly the same keys (the compiler checks it).
 * Texts of the surfaces come from /work/shared/PRODUCT.md ("Users and their surfaces").
 */
export const zhCN = {
  app: {
    name: '行政审批电子监察指挥中心',
    tagline: '行政审批办件与咨询投诉的实时电子监察',
    titleTemplate: '{page} · 行政审批电子监察指挥中心',
  },
  locale: {
    label: '语言',
    names: { 'zh-CN': '简体中文', en: 'English' },
  },
  common: {
    underConstruction: '建设中',
    backHome: '返回首页',
    open: '进入',
    audience: '服务对象',
    willShow: '建成后将提供',
    placeholderNote: '本页面正在建设中：下列为规划功能，当前不展示任何业务数据。',
    available: '已上线',
    cardHeld: { yellow: '已亮黄牌', red: '已亮红牌' },
    simulatedData: '模拟数据',
    simulatedDataHint: '此处显示的办件、诉求和红黄牌由模拟程序生成，并非真实记录。',
  },
  landing: {
    surfacesTitle: '功能入口',
    surfacesHint: '按使用者划分的六个工作界面',
    apiDocs: '接口文档（OpenAPI）',
  },
  status: {
    title: '系统状态',
    states: {
      unknown: '检查中…',
      ready: '运行正常',
      degraded: '部分服务异常',
      unreachable: '无法连接服务器',
    },
    components: { postgres: '数据库（PostgreSQL）', redis: '缓存与队列（Redis）' },
    componentStates: { up: '正常', down: '故障', unknown: '未知' },
    problems: {
      timeout: '{seconds} 秒内无响应',
      http: '服务器返回 HTTP {status}',
      network: '网络错误：{message}',
      body: '响应格式不符合预期',
    },
    checkedAt: '最近检查：{time}',
    neverChecked: '尚未完成检查',
    lastKnown: '以下为最近一次获得的状态',
    every: '每 {seconds} 秒自动检查',
    paused: '自动检查已暂停',
    checkNow: '立即检查',
    pause: '暂停',
    resume: '继续',
  },
  surfaces: {
    wall: {
      name: '监察大屏',
      audience: '电子监察室（监察部门）',
      summary: '指挥中心大屏（1920×1080 至 4K，及 3840×1080 拼接屏），可无人值守连续运行数日。',
      features: ['各部门办件的实时监察状态', '预警与红黄牌实时动态', '办件与时限趋势', '辖区地图'],
    },
    console: {
      name: '监察工作台',
      audience: '监察员',
      summary: '检索办件、查看全流程，并开展催办、督办等监察处置。',
      features: [
        '按受理编号、事项、时间、部门、预警级别、办件类型检索办件',
        '办件全流程轨迹（五个关键环节及其他环节）',
        '人工出具黄牌、红牌，发起催办与督办',
        '处理申诉，记录领导批示与结论',
      ],
    },
    m: {
      name: '领导移动端',
      audience: '领导',
      summary: '在手机上掌握今日情况并处理待批示事项。',
      features: ['今日办件监察状态', '红牌情况', '部门排名', '待本人批示的事项', '逐级查看部门详情'],
    },
    public: {
      name: '公众公示',
      audience: '社会公众（无需登录，不含个人信息）',
      summary: '公开部门绩效与监察结果。',
      features: ['部门排名与绩效评分', '超期办件与红牌公示', '各事项办理时限'],
    },
    window: {
      name: '窗口办件',
      audience: '部门窗口人员与承办人',
      summary: '办件登记、受理与环节流转。',
      features: ['登记、受理办件', '按环节推进办件（承办、审核、批准、办结）', '答复咨询、投诉与信访', '接收催办与督办'],
    },
    admin: {
      name: '系统管理',
      audience: '系统管理员',
      summary: '配置监察所需的基础数据与规则，无需改代码。',
      features: [
        '部门与事项目录',
        '时限规则与出牌规则',
        '工作日历（法定节假日与调休）',
        '绩效考核指标方案',
        '用户管理',
        '数据源系统的 API 密钥',
      ],
    },
  },
  notFound: {
    title: '页面不存在',
    detail: '没有找到路径 {path} 对应的页面。',
  },
}

/** The texts always present: the entry chunk carries them in zh-CN; en.ts has them in English. */
export type CoreMessages = typeof zhCN

/** The texts of the surfaces, one top-level key (namespace) each, loaded with the surface that shows them. */
export interface NamespaceMessages {
  wall: typeof wallZh
  console: typeof consoleZh
  window: typeof windowZh
  login: typeof loginZh
  supervision: typeof supervisionZh
  statistics: typeof statisticsZh
  performance: typeof performanceZh
  adminRules: typeof adminRulesZh
  adminContent: typeof adminContentZh
  petitions: typeof petitionsZh
  windowOrders: typeof windowOrdersZh
  notifications: typeof notificationsZh
  admin: typeof adminZh
  mobile: typeof mobileZh
}

/** The whole catalogue of one language. */
export type Messages = CoreMessages & NamespaceMessages
