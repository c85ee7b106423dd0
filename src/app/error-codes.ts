/**
 * The API's stable error codes, in one place (issue 21). Every error answer of /api is
 * `{ "error": { "code", "message", "details"? } }` (src/server/app.ts sendError); `code` is one of
 * ERROR_CODES below, or a rule code of the law's domain (`area.rule`, e.g. `extension.twice`,
 * `decision.self_approval`: a step the regulation does not allow now, with the rule's own message).
 *
 * Integrators branch on `code`, never on `message` (the message is Chinese, for people, and may be
 * more precise than the template here). Add codes freely; never rename or remove one (contracts.md).
 * The README's "API conventions" table is generated from this list (`npm run api:types` checks it).
 */

export interface ErrorCodeInfo {
  status: number;
  /** The Chinese message template (the answer's message says more where it can). */
  message: string;
}

export const ERROR_CODES = {
  // 400 — the request itself
  bad_request: { status: 400, message: '请求格式不正确' },
  bad_url: { status: 400, message: '网址格式不正确' },
  validation_failed: { status: 400, message: '提交的内容不符合要求（details.issues 逐项说明）' },
  invalid_character: { status: 400, message: '内容含有不允许的字符（例如空字符）或格式不正确' },
  value_out_of_range: { status: 400, message: '数值超出允许的范围' },
  value_too_long: { status: 400, message: '填写的内容过长' },
  invalid_date: { status: 400, message: '日期不正确' },
  date_future: { status: 400, message: '日期不能晚于今天' },
  agency_unknown: { status: 400, message: '找不到该机关' },
  application_unknown: { status: 400, message: '找不到该申请' },
  authorization_missing: { status: 400, message: '代理申请须提供授权委托书' },
  handler_invalid: { status: 400, message: '承办人不正确' },
  letter_invalid: { status: 400, message: '文书内容不正确' },
  template_invalid: { status: 400, message: '文书模板不正确' },
  profile_missing: { status: 400, message: '机关信息不完整，无法生成文书' },
  file_missing: { status: 400, message: '请选择文件' },
  file_empty: { status: 400, message: '文件是空的' },
  file_too_large: { status: 400, message: '文件过大' },
  file_too_many: { status: 400, message: '请一次上传一个附件' },
  attachment_name: { status: 400, message: '附件的文件名不正确（为空、过长或含控制字符）' },
  unknown_encoding: { status: 400, message: '无法识别文件的编码' },
  redaction_invalid: { status: 400, message: '区分处理的标注不正确' },
  wrong_password: { status: 400, message: '当前密码不正确' },
  reset_link_invalid: { status: 400, message: '重设密码的链接无效或已过期' },
  bad_redirect: { status: 400, message: '跳转地址不正确' },
  idempotency_key_invalid: { status: 400, message: '幂等键（Idempotency-Key）应为1至255个可见的ASCII字符' },
  api_version_invalid: { status: 400, message: '接口版本（Gongkai-API-Version）应为数字' },
  api_version_unsupported: { status: 400, message: '不支持该接口版本' },
  // 401 / 403 — who asks
  unauthenticated: { status: 401, message: '请先登录' },
  invalid_credentials: { status: 401, message: '账号或密码不正确' },
  token_invalid: { status: 401, message: '接口令牌无效、已撤销或已过期' },
  forbidden: { status: 403, message: '您没有权限执行此操作' },
  token_escalation: { status: 403, message: '接口令牌不能创建权限超过自身的令牌' },
  csrf_invalid: { status: 403, message: '安全校验未通过（表单令牌缺失或已失效），请刷新页面后重新提交' },
  // 404 / 405 / 406
  not_found: { status: 404, message: '找不到您要访问的内容' },
  method_not_allowed: { status: 405, message: '不支持该请求方法' },
  not_acceptable: { status: 406, message: '无法提供所要求的格式' },
  // 409 — the state of things
  conflict: { status: 409, message: '与现有数据冲突' },
  account_exists: { status: 409, message: '该账号已存在' },
  account_disabled: { status: 409, message: '该账号已停用' },
  agency_exists: { status: 409, message: '该机关代码已存在' },
  document_state: { status: 409, message: '文件当前的状态不允许该操作' },
  document_kind: { status: 409, message: '该类文件不能执行此操作' },
  delivery_state: { status: 409, message: '送达状态不允许该操作' },
  date_before_last: { status: 409, message: '日期早于上一步骤的日期' },
  report_state: { status: 409, message: '年度报告当前的状态不允许该步骤' },
  attachment_limit: { status: 409, message: '附件数已达上限' },
  subcategory_exists: { status: 409, message: '本机关的公开目录中已有同名子类' },
  subcategory_limit: { status: 409, message: '子类数已达上限' },
  subcategory_in_use: { status: 409, message: '该子类下还有文件，请先改归其他类别或子类' },
  redaction_none: { status: 409, message: '尚无区分处理的标注' },
  redaction_changed: { status: 409, message: '文件已改变，请重新标注' },
  redaction_approved: { status: 409, message: '区分处理已审批，不能再修改' },
  mail_off: { status: 409, message: '未配置电子邮件发送' },
  no_email: { status: 409, message: '该账号没有电子邮箱' },
  // 413 / 414 / 415 / 422 / 429 / 431
  api_version_sunset: { status: 410, message: '该接口版本已停止服务' },
  payload_too_large: { status: 413, message: '提交的内容过大' },
  document_too_large: { status: 413, message: '文件超出审核的限制' },
  redaction_memory: { status: 413, message: '处理该文件超出内存上限，请拆分或换用较小的文件' },
  uri_too_long: { status: 414, message: '网址中的参数过长' },
  unsupported_media_type: { status: 415, message: '不支持该内容类型' },
  redaction_unsupported: { status: 415, message: '不支持该文件格式的区分处理' },
  attachment_unsupported: { status: 415, message: '不支持该附件的格式' },
  idempotency_key_reused: { status: 422, message: '同一幂等键用于不同的请求' },
  report_has_errors: { status: 422, message: '年度报告有错误，不能报送（details.findings 列出）' },
  redaction_input: { status: 422, message: '无法区分处理该文件' },
  redaction_selection: { status: 422, message: '所选区域不正确' },
  redaction_time: { status: 422, message: '处理该文件超出时间上限，请拆分或换用页数较少的文件' },
  document_refused: { status: 422, message: '无法审核该文件' },
  rate_limited: { status: 429, message: '请求过于频繁，请稍后再试' },
  busy: { status: 429, message: '审核任务繁忙，请稍后再试' },
  request_too_large: { status: 431, message: '网址或请求头过长' },
  // 5xx — never the user's fault
  internal_error: { status: 500, message: '服务器内部错误，请稍后再试' },
  unavailable: { status: 503, message: '服务暂时不可用，请稍后再试' },
  font_missing: { status: 503, message: '服务器缺少生成文书所需的字体' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ListedErrorCode = keyof typeof ERROR_CODES;
/** A rule of the law's domain that refuses a step (`area.rule`): listed by area in RULE_CODE_AREAS. */
export type RuleCode = `${string}.${string}`;
export type ErrorCode = ListedErrorCode | RuleCode;

export const LISTED_ERROR_CODES = Object.keys(ERROR_CODES) as ListedErrorCode[];

/** The areas of the domain's rule codes (e.g. `extension.twice`): 400 or 409, with the rule's own Chinese message. */
export const RULE_CODE_AREAS = {
  calendar: '工作日历（缺少某年的节假日安排、录入的安排有误等）',
  case: '申请已办结、已撤回或已拆分',
  clock: '答复期限无法计算',
  confirm: '确认收到申请（第三十一条）',
  consultation: '征求第三方或其他机关意见（第三十二条）',
  correction: '补正（第三十条）',
  date: '办理日期',
  decided: '作出答复的前提（如征求意见期限未满，第三十二条）',
  decision: '答复决定及其审批（第三十六条）',
  deferral: '暂缓或中止',
  delivered: '送达之后',
  event: '办理步骤的先后',
  extension: '延长答复期限（第三十三条）',
  fee: '信息处理费（第四十二条）',
  receipt: '收到申请的日期（第三十一条）',
  service: '送达',
  split: '拆分申请',
  submitted: '提交申请',
  rule: '其他办理规则',
} as const;

/** The pattern of a rule code in the OpenAPI document. */
export const RULE_CODE_PATTERN = '^[a-z_]+\\.[a-z_.]+$';

export function isErrorCode(code: string): code is ErrorCode {
  return code in ERROR_CODES || new RegExp(RULE_CODE_PATTERN).test(code);
}

/** A domain error's code (ClockError, CalendarError, FeeInputError, a case rule) as an API code: they are all `area.rule`. */
export function ruleCode(code: string): ErrorCode {
  return isErrorCode(code) ? code : `rule.${code}`;
}

/** The listed code of an HTTP status for framework errors without a code of ours (e.g. 405, 415). */
export function codeOfStatus(status: number): ListedErrorCode {
  const byStatus: Record<number, ListedErrorCode> = {
    400: 'bad_request',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    406: 'not_acceptable',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    500: 'internal_error',
    503: 'unavailable',
  };
  return byStatus[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}

/** The README table of the codes (test/unit/server/error-codes.test.ts checks the README has it). */
export function errorCodesMarkdown(): string {
  const rows = LISTED_ERROR_CODES.map((c) => `| \`${c}\` | ${ERROR_CODES[c].status} | ${ERROR_CODES[c].message} |`);
  const areas = Object.entries(RULE_CODE_AREAS).map(([a, what]) => `| \`${a}.*\` | 400 / 409 | ${what} |`);
  return ['| code | HTTP | 含义 |', '|---|---|---|', ...rows, ...areas].join('\n');
}
