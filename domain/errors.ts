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
  CARD_REVOKED: { status: 409, zh: '该牌已撤销，不能确认发布', en: 'This card has been revoked and cannot be confirmed' },
  CARD_ALREADY_CONFIRMED: { status: 409, zh: '该牌已确认发布', en: 'This card has already been confirmed' },
  CARD_NOT_AUTOMATIC: { status: 400, zh: '人工出牌在出具时即已确认，无需再次确认', en: 'Manual cards are confirmed when issued; only automatic cards need confirmation' },
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
