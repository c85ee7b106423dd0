/**
 * Who may do what: the ONE place that decides every permission of Gongkai.
 *
 *   can(actor, 'application.handle', { agencyPath: [cityId, bureauId] })
 *
 * `actor` is the signed-in user with its roles (each at one agency), or null when anonymous.
 * `target.agencyPath` is the ancestry of the agency the thing belongs to, root first, the agency
 * itself last (see agencyPath() in src/app/agencies.ts). `target.ownerUserId` is the applicant
 * who owns an application.
 *
 * Scopes:
 * - registrar, handler, reviewer, publisher act at their own agency only: a staff member of one
 *   agency sees nothing of a sibling, a parent or a child agency;
 * - supervisor (政务公开办) and administrator reach their agency and everything below it;
 * - what an administrator may do to a PERSON depends on the highest place that person holds:
 *   `target.places` lists the agency path of every role the person has, and each must be within
 *   the administrator's reach (a department's administrator cannot disable or rename a city-level
 *   administrator); to an AGENCY, on the agency's own place (`agencyPath`);
 * - the working-day calendar is the installation's: only an administrator of the ROOT agency
 *   (the first agency of any path: `installationTarget()`) maintains it, not a department's;
 * - an applicant reaches only his or her own applications;
 * - agency.view (the agency's name and 政府信息公开工作机构, public under 第二十二条 公开指南)
 *   and audit.use are open to everyone, signed in or not.
 *
 * API tokens (machine clients: 12345 hotlines, 政务服务 platforms; src/app/api-tokens.ts) hold no
 * role: a token's actor carries a `TokenGrant` (one agency, with or without the agencies below it,
 * and a set of actions chosen from TOKEN_ACTIONS), and may do exactly those actions on targets within
 * that scope, whatever the action's role rule says (and the public actions, as everyone).
 *
 * To add an action: add it to ACTIONS with its label, add its rule to RULES, and extend the matrix
 * test (test/unit/server/policies.test.ts) with the expected row.
 */
import type { Role } from '../db/schema.ts';
import { AppError } from './errors.ts';

export type { Role };

export const ROLE_LABELS: Record<Role, string> = {
  registrar: '登记员',
  handler: '承办人',
  reviewer: '审核人（负责人）',
  publisher: '信息公开专员',
  supervisor: '政务公开办',
  administrator: '系统管理员',
};

export const ACTIONS = {
  'agency.view': '查看机关及其政府信息公开工作机构',
  'agency.manage': '新增、修改机关',
  'user.manage': '管理工作人员账号和角色',
  'calendar.manage': '维护工作日日历',
  'application.view': '查看依申请公开件',
  'application.register': '登记申请（信函、当面、传真等）',
  'application.confirm': '确认网上申请（收到日期）',
  'application.handle': '办理申请（补正、征求意见、收费、拟办意见）',
  'application.approve': '审批（延期、答复决定）',
  'application.deliver': '送达答复',
  'application.submit': '在线提交政府信息公开申请',
  'application.view_own': '查看本人的申请',
  'application.withdraw_own': '撤回本人的申请',
  'application.correct_own': '在线提交本人申请的补正（第三十条）',
  'appeal.view': '查看行政复议、行政诉讼案件',
  'appeal.record': '登记行政复议、行政诉讼案件',
  'document.view_draft': '查看未公开的文件',
  'document.publish': '发布、废止主动公开文件',
  'catalogue.manage': '设置本机关公开目录的子类',
  'figures.edit': '填报年度许可、处罚、强制、收费数据',
  'report.view': '查看未公布的年度报告',
  'report.edit': '编辑年度报告',
  'report.submit': '报送年度报告',
  'report.review': '审查年度报告（退回、通过）',
  'report.publish': '公布年度报告',
  'report.rollup': '汇总下级年度报告',
  'audit.use': '使用年度报告审查工具',
  'notification.templates': '修改本机关的通知邮件和站内消息模板',
  'notification.deliveries': '查看邮件发送情况（已发送、失败、待发送）',
  'token.manage': '创建、撤销接口令牌（供12345热线、政务服务平台等系统调用）',
} as const;
export type Action = keyof typeof ACTIONS;
export const ACTION_LIST = Object.keys(ACTIONS) as Action[];

export interface Actor {
  userId: number;
  kind: 'staff' | 'applicant';
  roles: ReadonlyArray<{ role: Role; agencyId: number }>;
  /** Set when an API token acts (`userId` is then the token's own account): its scope and actions. */
  token?: TokenGrant;
}

/** What an API token may do: `actions` on the agency `agencyId` (and those below it when `subtree`). */
export interface TokenGrant {
  id: number;
  name: string;
  agencyId: number;
  subtree: boolean;
  actions: readonly Action[];
  /** The moment it stops working (absent or null: until revoked). */
  expiresAt?: Date | null;
}

export interface Target {
  /** Ancestry of the target's agency: root first, the agency itself last. */
  agencyPath?: readonly number[];
  /** The applicant who owns the target (an application). */
  ownerUserId?: number | null;
  /** A person as the target: the agency path of every role the person holds (empty: none). */
  places?: ReadonlyArray<readonly number[]>;
}

type Rule =
  | { kind: 'public' }
  | { kind: 'applicant' }
  | { kind: 'owner' }
  | { kind: 'staff'; here: readonly Role[]; below?: readonly Role[] }
  | { kind: 'anyRole'; roles: readonly Role[] }
  | { kind: 'root'; roles: readonly Role[] };

const SUBTREE: readonly Role[] = ['supervisor'];
const ADMIN: readonly Role[] = ['administrator'];

/**
 * `here`: roles that act when held at the target's own agency.
 * `below`: roles that act when held at the agency or any of its ancestors.
 */
const RULES: Record<Action, Rule> = {
  'agency.view': { kind: 'public' },
  'agency.manage': { kind: 'staff', here: [], below: ADMIN },
  'user.manage': { kind: 'staff', here: [], below: ADMIN },
  // The working-day calendar is one for the whole installation: its root agency's administrators.
  'calendar.manage': { kind: 'root', roles: ADMIN },
  'application.view': { kind: 'staff', here: ['registrar', 'handler', 'reviewer'], below: SUBTREE },
  'application.register': { kind: 'staff', here: ['registrar'] },
  'application.confirm': { kind: 'staff', here: ['registrar'] },
  'application.handle': { kind: 'staff', here: ['handler'] },
  'application.approve': { kind: 'staff', here: ['reviewer'] },
  'application.deliver': { kind: 'staff', here: ['registrar', 'handler'] },
  'application.submit': { kind: 'applicant' },
  'application.view_own': { kind: 'owner' },
  'application.withdraw_own': { kind: 'owner' },
  'application.correct_own': { kind: 'owner' },
  'appeal.view': { kind: 'staff', here: ['handler', 'reviewer'], below: SUBTREE },
  'appeal.record': { kind: 'staff', here: ['handler', 'reviewer'] },
  'document.view_draft': { kind: 'staff', here: ['publisher', 'reviewer'], below: SUBTREE },
  'document.publish': { kind: 'staff', here: ['publisher'] },
  // An agency's own sub-categories of its 公开目录: its administrators (and those above it).
  'catalogue.manage': { kind: 'staff', here: [], below: ADMIN },
  'figures.edit': { kind: 'staff', here: ['publisher'] },
  'report.view': { kind: 'staff', here: ['publisher', 'reviewer'], below: SUBTREE },
  'report.edit': { kind: 'staff', here: ['publisher'] },
  'report.submit': { kind: 'staff', here: ['reviewer'] },
  'report.review': { kind: 'staff', here: [], below: SUBTREE },
  'report.publish': { kind: 'staff', here: ['publisher'] },
  'report.rollup': { kind: 'staff', here: [], below: SUBTREE },
  'audit.use': { kind: 'public' },
  'notification.templates': { kind: 'staff', here: [], below: ADMIN },
  // The mail queue is one for the whole installation.
  'notification.deliveries': { kind: 'anyRole', roles: ADMIN },
  'token.manage': { kind: 'staff', here: [], below: ADMIN },
};

/**
 * The actions a token may be granted: those done at an agency (the `staff` rules), except managing
 * people (a machine never creates accounts). `token.manage` may be granted: such a token manages
 * tokens only within its own grant (TOKEN_NO_ESCALATION below).
 */
export const TOKEN_ACTIONS: readonly Action[] = ACTION_LIST.filter((a) => RULES[a].kind === 'staff' && a !== 'user.manage');

/** A token's permission: its action set, on a target within its scope. */
function tokenCan(grant: TokenGrant, action: Action, rule: Rule, target: Target): boolean {
  if (rule.kind === 'public') return true;
  if (rule.kind !== 'staff' || !grant.actions.includes(action) || !TOKEN_ACTIONS.includes(action)) return false;
  const within = (path: readonly number[] | undefined) =>
    !!path && path.length > 0 && (path[path.length - 1] === grant.agencyId || (grant.subtree && path.includes(grant.agencyId)));
  if (target.places) return target.places.length > 0 && target.places.every(within);
  return within(target.agencyPath);
}

/** Why a token was refused (its action set, or its scope). */
function tokenRefusal(grant: TokenGrant, action: Action): string {
  return grant.actions.includes(action)
    ? `接口令牌「${grant.name}」的适用范围不包括该机关，不能${ACTIONS[action]}`
    : `接口令牌「${grant.name}」未获准${ACTIONS[action]}`;
}

/** A token's grant as a target of token management: its agency's path, reach, actions and expiry. */
export interface GrantTarget {
  /** Ancestry of the token's agency: root first, the agency itself last. */
  agencyPath: readonly number[];
  subtree: boolean;
  actions: readonly Action[];
  expiresAt: Date | null;
}

/**
 * Policy TOKEN_NO_ESCALATION (the law is silent; our choice, decided here only): a token that acts
 * on token management (it must hold `token.manage`) creates, sees and revokes only tokens whose grant
 * lies within its own —
 * - its agency is the token's own agency, or one below it when the token reaches below (`subtree`);
 * - it reaches below its agency only when the token itself does;
 * - its actions are a subset of the token's actions;
 * - it stops working no later than the token does (a token with an end cannot make an endless one).
 * A person (an administrator of the agency or one above it) is bound by `token.manage` alone.
 */
export function grantWithin(outer: TokenGrant, inner: GrantTarget): boolean {
  return grantExcess(outer, inner) === null;
}

/** What of `inner` exceeds `outer` (a Chinese reason), or null when it lies within (TOKEN_NO_ESCALATION). */
export function grantExcess(outer: TokenGrant, inner: GrantTarget): string | null {
  const own = inner.agencyPath[inner.agencyPath.length - 1];
  if (own === undefined || !(own === outer.agencyId || (outer.subtree && inner.agencyPath.includes(outer.agencyId)))) return '适用机关超出了本令牌的适用范围';
  if (inner.subtree && !outer.subtree) return '本令牌不适用于下级机关，不能创建适用于下级机关的令牌';
  const extra = inner.actions.filter((a) => !outer.actions.includes(a));
  if (extra.length) return `本令牌未获准的操作不能授予：${extra.map((a) => ACTIONS[a] ?? a).join('；')}`;
  if (outer.expiresAt && (!inner.expiresAt || inner.expiresAt.getTime() > outer.expiresAt.getTime())) return '有效期不能晚于本令牌的有效期';
  return null;
}

/** Whether `by` may manage (see, revoke) the token of grant `target`: `token.manage` there, and TOKEN_NO_ESCALATION for a token. */
export function canManageToken(by: By, target: GrantTarget): boolean {
  if (!canBy(by, 'token.manage', { agencyPath: target.agencyPath })) return false;
  const grant = by.actor?.token;
  return !grant || grantWithin(grant, target);
}

/** As canManageToken, for creating a token of grant `target`: 403 `token_escalation` naming what exceeds. */
export function authorizeTokenGrant(by: By, target: GrantTarget): void {
  authorizeBy(by, 'token.manage', { agencyPath: target.agencyPath });
  const grant = by.actor?.token;
  const excess = grant ? grantExcess(grant, target) : null;
  if (grant && excess) throw new AppError(403, 'token_escalation', `接口令牌「${grant.name}」不能创建权限超过自身的令牌：${excess}`);
}

/** Whether `actor` may do `action` on `target`. Pure; no I/O. */
export function can(actor: Actor | null | undefined, action: Action, target: Target = {}): boolean {
  const rule = RULES[action];
  if (!rule) return false;
  if (actor?.token) return tokenCan(actor.token, action, rule, target);
  switch (rule.kind) {
    case 'public':
      return true;
    case 'applicant':
      return actor?.kind === 'applicant';
    case 'owner':
      return actor?.kind === 'applicant' && target.ownerUserId != null && target.ownerUserId === actor.userId;
    case 'anyRole':
      return actor?.kind === 'staff' && actor.roles.some((r) => rule.roles.includes(r.role));
    case 'root': {
      const root = target.agencyPath?.[0];
      return actor?.kind === 'staff' && root !== undefined && actor.roles.some((r) => r.agencyId === root && rule.roles.includes(r.role));
    }
    case 'staff': {
      if (actor?.kind !== 'staff') return false;
      const reaches = (path: readonly number[] | undefined) => {
        if (!path || path.length === 0) return false;
        const own = path[path.length - 1];
        return actor.roles.some(
          (r) =>
            (r.agencyId === own && rule.here.includes(r.role)) ||
            (rule.below?.includes(r.role) === true && path.includes(r.agencyId)),
        );
      };
      // A person: every place the person holds must be within reach (the highest decides). A
      // person who holds no place at all is reached by whoever holds a role the rule names.
      if (target.places) {
        if (target.places.length > 0) return target.places.every(reaches);
        return actor.roles.some((r) => rule.here.includes(r.role) || rule.below?.includes(r.role) === true);
      }
      return reaches(target.agencyPath);
    }
  }
}

/** The installation as a target (the calendar): the root agency, given the path of any agency or the root's id. */
export function installationTarget(rootId: number): Target {
  return { agencyPath: [rootId] };
}

/** Throws a 403 ForbiddenError (401 when anonymous) unless `can(...)`. */
export function authorize(actor: Actor | null | undefined, action: Action, target: Target = {}): void {
  if (!can(actor, action, target)) throw new ForbiddenError(action, !actor, actor?.token ? tokenRefusal(actor.token, action) : undefined);
}

/**
 * Who performs a use case: a signed-in user, or the system itself (the seed, the command line run by
 * the operator on the server's own machine, which has the database in hand anyway). Every use case
 * that changes something takes one and authorizes through it, so no transport checks a permission.
 */
export interface By {
  actor: Actor | null;
  system?: boolean;
  ip?: string | null;
}

export const SYSTEM: By = { actor: null, system: true };

/** As `authorize`, for a use case's `by`: the system may do everything. */
export function authorizeBy(by: By, action: Action, target: Target = {}): void {
  if (by.system) return;
  authorize(by.actor, action, target);
}

/** Whether `by` may do `action` on `target` (the system may do everything). */
export function canBy(by: By, action: Action, target: Target = {}): boolean {
  return by.system === true || can(by.actor, action, target);
}

/** The audit log's actor of `by` (null for the system; a token's own account for a token). */
export function auditActor(by: By): { actorUserId: number | null; ip: string | null } {
  return { actorUserId: by.actor?.userId ?? null, ip: by.ip ?? null };
}

/** A refused permission: 403 with the action named (401 when nobody is signed in). */
export class ForbiddenError extends AppError {
  constructor(
    readonly action: Action,
    anonymous: boolean,
    message?: string,
  ) {
    super(
      anonymous ? 401 : 403,
      anonymous ? 'unauthenticated' : 'forbidden',
      anonymous ? '请先登录' : (message ?? `您没有权限执行此操作：${ACTIONS[action]}`),
    );
  }
}
