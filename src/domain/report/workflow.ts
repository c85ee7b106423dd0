/**
 * The annual report's publication workflow: pure rules, no I/O (the server's use cases apply them).
 *
 *   draft ──submit──▶ submitted ──clear──▶ cleared ──publish──▶ published
 *     ▲                  │
 *     └─────return───────┘ (returned: editable again, with the supervisor's comments)
 *
 * - 《政府信息公开条例》第四十九条: 「县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作
 *   主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布」 — hence a department
 *   submits to its supervising 政务公开办 (the nearest ancestor agency that has a supervisor) and
 *   publishes by 1 月 31 日. An agency with no supervisor above it publishes without clearance.
 * - 国办公开办函〔2021〕30号 二 (regulation.md §1.5): the supervisors' roll-ups by 2月20日 (县级),
 *   3月10日 (地市级), 3月31日 (省级, also 第四十九条第二款).
 * - A published version is immutable (design.md: 「published reports are immutable, a revision is a
 *   new version with its 更正说明」). Publishing late is allowed and recorded (`deadline.late`).
 */
import { PUBLICATION_DEADLINES, type DeadlineLevel } from './checks.ts';
import type { Finding, ReportModel } from './model.ts';
import { hasPlaceholder } from './prose.ts';

export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'cleared' | 'published';

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  draft: '草稿',
  submitted: '已报送，待审查',
  returned: '已退回修改',
  cleared: '审查通过，待公布',
  published: '已公布',
};

export type WorkflowStep = 'edit' | 'submit' | 'return' | 'clear' | 'publish';

export const WORKFLOW_STEP_LABELS: Record<WorkflowStep, string> = {
  edit: '编辑',
  submit: '报送',
  return: '退回',
  clear: '审查通过',
  publish: '公布',
};

/**
 * Whether `step` may be taken from `status`. `supervised` = the agency has a supervising 政务公开办
 * above it (then publication needs clearance; otherwise the agency publishes its draft itself).
 * Returns null when allowed, else the Chinese reason.
 */
export function stepRefusal(status: ReportStatus, step: WorkflowStep, supervised: boolean): string | null {
  const label = REPORT_STATUS_LABELS[status];
  switch (step) {
    case 'edit':
      return status === 'draft' || status === 'returned' ? null : `年度报告当前状态为「${label}」，不能修改；已公布的报告只能发布更正版本。`;
    case 'submit':
      if (!supervised) return '本机关没有上级政府信息公开工作主管部门（政务公开办），无需报送，可直接公布。';
      return status === 'draft' || status === 'returned' ? null : `年度报告当前状态为「${label}」，不能报送。`;
    case 'return':
    case 'clear':
      return status === 'submitted' ? null : `年度报告当前状态为「${label}」，只有已报送的报告才能${step === 'return' ? '退回' : '审查通过'}。`;
    case 'publish':
      if (supervised) return status === 'cleared' ? null : `年度报告当前状态为「${label}」；须经上级政务公开办审查通过后才能公布。`;
      return status === 'draft' || status === 'returned' || status === 'cleared' ? null : `年度报告当前状态为「${label}」，不能公布。`;
  }
}

// ---------------------------------------------------------------------------------------------
// Levels and deadlines
// ---------------------------------------------------------------------------------------------

/**
 * The deadline level of an agency (Derived — the format names levels, our data names agencies):
 * - an agency with no agency below it is a department (部门, 乡镇 likewise): 1 月 31 日 (第四十九条);
 * - an agency with agencies below it publishes the roll-up of its level, its level read from its
 *   6-digit administrative division code (GB/T 2260): `xx0000` province, `xxxx00` city (地市级),
 *   any other 6 digits county (县级). A code that is not a division code counts as city level.
 */
export function deadlineLevel(agency: { code: string; hasChildren: boolean }): DeadlineLevel {
  if (!agency.hasChildren) return 'department';
  const m = /^(\d{6})(?:$|[^0-9])/.exec(agency.code);
  if (!m) return 'city';
  const code = m[1];
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

export const DEADLINE_LEVEL_LABELS: Record<DeadlineLevel, string> = {
  department: '部门（《政府信息公开条例》第四十九条：1月31日前）',
  county: '县级汇总（2月20日前）',
  city: '地市级汇总（3月10日前）',
  province: '省级汇总（3月31日前）',
};

/** The last day to publish the report of `year` at `level` (YYYY-MM-DD). */
export function publicationDeadline(year: number, level: DeadlineLevel): string {
  return `${year + 1}-${PUBLICATION_DEADLINES[level]}`;
}

function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Calendar days from `today` to `deadline` (negative once past; 0 on the day itself). */
export function daysLeft(today: string, deadline: string): number {
  return dayNumber(deadline) - dayNumber(today);
}

/** Today's calendar date in Asia/Shanghai (design.md: never the server's time zone). */
export { todayInShanghai } from '../calendar/date.ts';

// ---------------------------------------------------------------------------------------------
// The supervising 政务公开办
// ---------------------------------------------------------------------------------------------

export interface AgencyRef {
  id: number;
  parentId: number | null;
}

/**
 * The supervising agency of `agencyId`: the nearest ancestor (never the agency itself) at which
 * some staff member holds the supervisor role; null when there is none.
 */
export function supervisingAgency(all: readonly AgencyRef[], supervised: ReadonlySet<number>, agencyId: number): number | null {
  const byId = new Map(all.map((a) => [a.id, a]));
  const seen = new Set<number>([agencyId]);
  let cur = byId.get(agencyId)?.parentId ?? null;
  while (cur != null && !seen.has(cur)) {
    if (supervised.has(cur)) return cur;
    seen.add(cur);
    cur = byId.get(cur)?.parentId ?? null;
  }
  return null;
}

/** The agencies whose supervising agency is `supervisorAgencyId` (what its status board and roll-up cover). */
export function supervisedAgencies(all: readonly AgencyRef[], supervised: ReadonlySet<number>, supervisorAgencyId: number): number[] {
  return all.filter((a) => a.id !== supervisorAgencyId && supervisingAgency(all, supervised, a.id) === supervisorAgencyId).map((a) => a.id);
}

// ---------------------------------------------------------------------------------------------
// Checks of the workflow (beside checkReport's)
// ---------------------------------------------------------------------------------------------

const PROSE_KEYS = [
  ['overview', '一、总体情况'],
  ['problems', '五、存在的主要问题及改进情况'],
  ['other', '六、其他需要报告的事项'],
] as const;

/**
 * `section.placeholder` (error): a prose section still holds a 「【待填写：…】」 of the first draft
 * (prose.ts) — an unfinished text must not be published.
 */
export function checkPlaceholders(model: ReportModel): Finding[] {
  const out: Finding[] = [];
  for (const [key, heading] of PROSE_KEYS) {
    const text = model.sections[key];
    if (text && hasPlaceholder(text)) {
      out.push({
        code: 'section.placeholder',
        severity: 'error',
        message: `「${heading}」还有「【待填写：…】」的内容没有完成；请写完或删除后再报送、公布。`,
        where: `section/${key}`,
        expected: '完成的文字',
        found: '【待填写：…】',
      });
    }
  }
  return out;
}

/** The findings that stop submission and publication: every `error`, except a late date (recorded, not blocking). */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error' && f.code !== 'deadline.late');
}

/** The Chinese message listing the blocking findings (for the 4xx answer). */
export function blockingMessage(what: '报送' | '公布', findings: readonly Finding[]): string {
  return `年度报告还有 ${findings.length} 个错误，不能${what}：${findings.map((f, i) => `${i + 1}. ${f.message}`).join(' ')}`;
}
