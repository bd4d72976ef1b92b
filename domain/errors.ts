/**
 * The error catalogue: every machine-readable code the system returns, with its HTTP status and a
 * message in Chinese and English. One place, so clients can switch on `code`.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, zh: '请求格式错误', en: 'Malformed request' },
  INVALID_JSON: { status: 400, zh: 'JSON 格式错误', en: 'Malformed JSON' },
  INVALID_XML: { status: 400, zh: 'XML 格式错误', en: 'Malformed XML' },
  XML_DTD_FORBIDDEN: { status: 400, zh: 'XML 不允许包含 DTD 或实体声明', en: 'XML must not contain a DTD or entity declarations' },
  XML_TOO_DEEP: { status: 400, zh: 'XML 嵌套层级过深', en: 'XML nesting is too deep' },
  BATCH_TOO_LARGE: { status: 400, zh: '一批最多 1000 条事件', en: 'A batch holds at most 1,000 events' },
  EMPTY_BATCH: { status: 400, zh: '批次为空', en: 'The batch is empty' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  INVALID_TEXT: { status: 400, zh: '文本含有无法保存的字符（U+0000 空字符或不成对的代理项），见 detail 所指字段', en: 'Text holds a character that cannot be stored (U+0000 NUL or a lone surrogate): see the field named in detail' },
  INVALID_ENCODING: { status: 400, zh: '请求体不是所声明字符集（默认 UTF-8）的有效编码', en: 'The body is not valid in its declared charset (UTF-8 by default)' },
  UNSUPPORTED_CHARSET: { status: 415, zh: '不支持的字符集：请使用 UTF-8、GB18030 或 GBK', en: 'Unsupported charset: use UTF-8, GB18030 or GBK' },
  VALIDATION_FAILED: { status: 400, zh: '字段校验失败', en: 'Validation failed' },
  UNKNOWN_KIND: { status: 400, zh: '未知的事件类型', en: 'Unknown event kind' },
  INVALID_DATE: { status: 400, zh: '日期时间无效（须为带时区的 ISO-8601）', en: 'Invalid date-time (ISO-8601 with offset required)' },
  DATE_OUT_OF_RANGE: { status: 400, zh: '日期时间超出允许范围', en: 'Date-time out of the allowed range' },
  MISSING_SUBJECT: { status: 400, zh: '须提供办件编号或信件编号（二者之一）', en: 'Exactly one of caseNo or petitionNo is required' },
  WRONG_SUBJECT: { status: 400, zh: '事件类型与编号类型不符', en: 'The event kind does not match caseNo/petitionNo' },
  SOURCE_MISMATCH: { status: 403, zh: '事件来源与密钥绑定的来源不符', en: 'Event source does not match the API key' },
  DEPARTMENT_FORBIDDEN: { status: 403, zh: '该密钥无权报送此部门的事件', en: 'This API key may not report for this department' },
  UNKNOWN_DEPARTMENT: { status: 400, zh: '部门编码不存在', en: 'Unknown department code' },
  UNAUTHENTICATED: { status: 401, zh: '未认证或密钥无效', en: 'Not authenticated or invalid key' },
  LOGIN_FAILED: { status: 401, zh: '登录名或密码错误，或账户已被暂时锁定', en: 'Wrong login name or password, or the account is temporarily locked' },
  OIDC_FAILED: { status: 401, zh: '统一身份认证登录失败', en: 'Single sign-on (OIDC) login failed' },
  CERT_LOGIN_FAILED: { status: 401, zh: '数字证书登录失败', en: 'Certificate login failed' },
  CURRENT_PASSWORD_WRONG: { status: 403, zh: '当前密码错误', en: 'The current password is wrong' },
  CSRF_FAILED: { status: 403, zh: '缺少或错误的 CSRF 令牌（请求头 x-csrf-token）', en: 'Missing or wrong CSRF token (header x-csrf-token)' },
  ORIGIN_FORBIDDEN: { status: 403, zh: '不允许来自该来源（Origin）的请求', en: 'Requests from this origin are not allowed' },
  UNMASK_FORBIDDEN: { status: 403, zh: '无权查看未脱敏的个人信息', en: 'Not allowed to see unmasked personal data' },
  SELF_LOCKOUT: { status: 400, zh: '不能停用自己的账户或撤销自己的管理员角色', en: 'You cannot deactivate yourself or remove your own admin role' },
  PASSWORD_POLICY: { status: 400, zh: '密码不符合要求：长度不足，或未包含大写字母、小写字母、数字、符号中的至少三类，或与登录名相同', en: 'Password too weak: too short, fewer than three of upper case, lower case, digits and symbols, or equal to the login name' },
  UNKNOWN_JURISDICTION: { status: 400, zh: '行政区划编码不存在', en: 'Unknown jurisdiction code' },
  LOGIN_TAKEN: { status: 409, zh: '登录名已被使用', en: 'The login name is already taken' },
  CERT_SUBJECT_TAKEN: { status: 409, zh: '该证书主题已绑定其他用户', en: 'This certificate subject is bound to another user' },
  OIDC_DISABLED: { status: 404, zh: '未启用统一身份认证（OIDC）登录', en: 'Single sign-on (OIDC) is not enabled' },
  CERT_LOGIN_DISABLED: { status: 404, zh: '未启用数字证书（CA）登录', en: 'Certificate (CA) login is not enabled' },
  // approval module (窗口办件): state transitions checked against the folded case (domain/window/)
  CASE_ALREADY_ACCEPTED: { status: 409, zh: '办件已受理', en: 'The case has already been accepted' },
  CASE_NOT_ACCEPTED: { status: 409, zh: '办件尚未受理', en: 'The case has not been accepted yet' },
  CASE_RETURNED: { status: 409, zh: '办件已退回（不予受理），不能再办理', en: 'The case has been returned and cannot be handled further' },
  CASE_CONCLUDED: { status: 409, zh: '办件已办结', en: 'The case has already been concluded' },
  CASE_PART_CONCLUDED: { status: 409, zh: '本部门承办的联办部分已办结', en: "This department's part of the joint case is already concluded" },
  CASE_SUSPENDED: { status: 409, zh: '办件处于特别程序中，请先结束特别程序', en: 'The case is in a special procedure: end it first' },
  CASE_NOT_SUSPENDED: { status: 409, zh: '办件不在特别程序中', en: 'The case is not in a special procedure' },
  SUPPLEMENT_PENDING: { status: 409, zh: '补正材料尚未补齐，请先登记补齐', en: 'Requested materials have not been supplied yet: record the supply first' },
  NO_PENDING_SUPPLEMENT: { status: 409, zh: '没有待补齐的补正告知', en: 'There is no pending supplement request' },
  STAGE_OUT_OF_ORDER: { status: 409, zh: '环节顺序不符，应先办理所示环节', en: 'Stage out of order: the stage shown comes next' },
  DECISION_REQUIRED: { status: 400, zh: '批准环节须选择准予或不予许可', en: 'The approval stage needs a decision (approve or deny)' },
  RESULT_MISMATCH: { status: 409, zh: '办结结果与批准决定不一致', en: 'The conclusion result does not match the approval decision' },
  REASON_REQUIRED: { status: 400, zh: '须填写理由', en: 'A reason is required' },
  MATERIALS_REQUIRED: { status: 400, zh: '须一次性列明全部补正材料', en: 'List every material to be supplemented' },
  APPLICANT_REQUIRED: { status: 400, zh: '须填写申请人', en: 'The applicant is required' },
  UNKNOWN_ITEM: { status: 400, zh: '事项不存在或已停用', en: 'Unknown or inactive service item' },
  JOINT_DEPARTMENTS_INVALID: { status: 400, zh: '联办部门无效（须为已登记的其他部门）', en: 'Invalid joint departments (must be other, known departments)' },
  DEPARTMENT_OUT_OF_SCOPE: { status: 403, zh: '该办件或部门不在您的职责范围内', en: 'This case or department is outside your scope' },
  LEAD_DEPARTMENT_ONLY: { status: 403, zh: '只有牵头部门可以受理或退回联办件', en: 'Only the lead department may accept or return a joint case' },
  PETITION_ALREADY_ANSWERED: { status: 409, zh: '该信件已答复或已办结，不能再次答复', en: 'This petition has already been answered or closed' },
  ORDER_TRANSITION: { status: 409, zh: '督办当前状态不允许此操作（如已回复、已申诉或已办结）', en: "This step is not allowed in the order's current state (already replied, appealed or concluded)" },
  NOT_DEPARTMENT_MEMBER: { status: 400, zh: '所选人员不是该部门的在岗工作人员', en: 'The chosen user is not active staff of that department' },
  DUE_OUTSIDE_CALENDAR: { status: 400, zh: '办理期限超出工作日历范围', en: 'The due date falls outside the working-day calendar' },
  URGING_MISMATCH: { status: 400, zh: '所关联的催办不存在或不属于该部门', en: 'The linked urging does not exist or belongs to another department' },
  BLANK_TEXT: { status: 400, zh: '内容不能为空', en: 'The text must not be blank' },
  CARD_REVOKED: { status: 409, zh: '该牌已撤销，不能确认发布', en: 'This card has been revoked and cannot be confirmed' },
  CARD_ALREADY_CONFIRMED: { status: 409, zh: '该牌已确认发布', en: 'This card has already been confirmed' },
  CARD_NOT_AUTOMATIC: { status: 400, zh: '人工出牌在出具时即已确认，无需再次确认', en: 'Manual cards are confirmed when issued; only automatic cards need confirmation' },
  // performance evaluation (绩效考核): domain/performance/
  PERFORMANCE_SCHEME_INVALID: { status: 400, zh: '绩效考核指标方案无效', en: 'Invalid performance indicator scheme' },
  PERFORMANCE_PERIOD_INVALID: { status: 400, zh: '考核期间无效（须为 YYYY-MM、YYYY-Qn 或 YYYY）', en: 'Invalid period (YYYY-MM, YYYY-Qn or YYYY)' },
  PERFORMANCE_RUN_STATE: { status: 409, zh: '考核当前状态不允许此操作（已发布的考核不可修改，只能另立更正版本）', en: "This step is not allowed in the run's current state (a published run is frozen: correct it with a new version)" },
  PERFORMANCE_RUN_EXISTS: { status: 409, zh: '该期间已有未发布的考核，请在其上继续', en: 'This period already has an unpublished run: continue with it' },
  PERFORMANCE_SAME_PERSON: { status: 409, zh: '提交审核与审批须由不同人员完成', en: 'The run must be approved by someone other than who submitted it' },
  PERFORMANCE_NOT_FAILING: { status: 409, zh: '仅对考核不合格的部门生成监察建议书', en: 'A supervision recommendation is drafted only for a department graded 不合格 (fail)' },
  CHALLENGE_FAILED: { status: 400, zh: '人机验证未通过或已过期，请重新验证', en: 'The anti-robot challenge failed, expired or was used already: solve a new one' },
  TRACKING_CODE_UNKNOWN: { status: 404, zh: '查询码不存在，请核对后重试', en: 'Unknown tracking code: check it and try again' },
  RATING_NOT_ALLOWED: { status: 409, zh: '答复后方可评价，且每件只能评价一次', en: 'An answer can be rated once it is given, and only once' },
  ATTACHMENT_TOO_LARGE: { status: 413, zh: '附件图片过大：每张不超过 5 MB', en: 'Attachment too large: at most 5 MB per image' },
  ATTACHMENT_TYPE: { status: 415, zh: '附件须为 JPEG、PNG 或 WebP 图片（按文件内容检查，不看扩展名）', en: 'Attachments must be JPEG, PNG or WebP images (checked by their content, not their name)' },
  TOO_MANY_ATTACHMENTS: { status: 400, zh: '附件图片过多：最多 3 张', en: 'Too many attachments: at most 3 images' },
  // administration (系统管理): server/routes/admin-*.ts
  XLSX_INVALID: { status: 400, zh: '文件不是有效的 XLSX 工作簿', en: 'The file is not a valid XLSX workbook' },
  IMPORT_INVALID: { status: 400, zh: '导入文件有错误行，未保存任何内容：请先预览并修正', en: 'The import has rows with errors and nothing was saved: preview and fix them first' },
  FORBIDDEN: { status: 403, zh: '无权访问', en: 'Forbidden' },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  CONFLICT: { status: 409, zh: '与当前状态冲突', en: 'Conflicts with the current state' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁', en: 'Too many requests' },
  UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>

export type ErrorCode = keyof typeof ERRORS

export interface ErrorBody {
  code: ErrorCode
  message: string
  messageEn: string
  detail?: string
}

/** Builds the wire body for an error code, optionally with a detail (a field path, a limit). */
export function errorBody(code: ErrorCode, detail?: string): ErrorBody {
  const e = ERRORS[code]
  return detail === undefined ? { code, message: e.zh, messageEn: e.en } : { code, message: e.zh, messageEn: e.en, detail }
}
