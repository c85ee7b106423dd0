/**
 * API tokens in the policy module: a token acts on its agency (and the agencies below it when granted),
 * for the actions of its set only, whatever the roles would allow; public actions stay public.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_LIST, authorize, can, TOKEN_ACTIONS, type Action, type Actor, type TokenGrant } from '../../../src/app/policies.ts';

// Tree: city (1) → bureau (2) → office (4); city (1) → finance (3).
const CITY = [1];
const BUREAU = [1, 2];
const FINANCE = [1, 3];
const OFFICE = [1, 2, 4];

const token = (grant: Partial<TokenGrant> = {}): Actor => ({
  userId: 99,
  kind: 'staff',
  roles: [],
  token: { id: 1, name: '12345热线', agencyId: 2, subtree: false, actions: ['application.register', 'application.view'], ...grant },
});

describe('an API token in the policy module', () => {
  it('acts at its own agency for the actions of its set', () => {
    expect(can(token(), 'application.register', { agencyPath: BUREAU })).toBe(true);
    expect(can(token(), 'application.view', { agencyPath: BUREAU })).toBe(true);
  });

  it('does not act on a sibling, the parent, or (without the subtree) a child agency', () => {
    for (const path of [FINANCE, CITY, OFFICE]) expect(can(token(), 'application.register', { agencyPath: path }), String(path)).toBe(false);
  });

  it('acts below its agency when granted the subtree, never above or beside it', () => {
    const t = token({ subtree: true });
    expect(can(t, 'application.register', { agencyPath: OFFICE })).toBe(true);
    expect(can(t, 'application.register', { agencyPath: BUREAU })).toBe(true);
    expect(can(t, 'application.register', { agencyPath: CITY })).toBe(false);
    expect(can(t, 'application.register', { agencyPath: FINANCE })).toBe(false);
  });

  it('refuses an action outside its set, even one a role at that agency would allow', () => {
    expect(can(token(), 'application.approve', { agencyPath: BUREAU })).toBe(false);
    expect(can(token(), 'document.publish', { agencyPath: BUREAU })).toBe(false);
  });

  it('is never an applicant nor an owner, and reaches nothing without a target agency', () => {
    const all = token({ actions: ACTION_LIST });
    expect(can(all, 'application.submit')).toBe(false);
    expect(can(all, 'application.view_own', { ownerUserId: 99 })).toBe(false);
    expect(can(all, 'notification.deliveries')).toBe(false);
    expect(can(all, 'calendar.manage', { agencyPath: CITY })).toBe(false);
    expect(can(all, 'application.view')).toBe(false);
  });

  it('never manages people, even if the set names them', () => {
    const all = token({ actions: ACTION_LIST, agencyId: 1, subtree: true });
    expect(TOKEN_ACTIONS).not.toContain('user.manage');
    expect(can(all, 'user.manage', { agencyPath: BUREAU })).toBe(false);
    expect(can(all, 'user.manage', { places: [BUREAU] })).toBe(false);
  });

  it('manages tokens only when its set names token.manage, and only within its scope', () => {
    expect(TOKEN_ACTIONS).toContain('token.manage');
    expect(can(token(), 'token.manage', { agencyPath: BUREAU })).toBe(false);
    const manager = token({ actions: ['token.manage'] });
    expect(can(manager, 'token.manage', { agencyPath: BUREAU })).toBe(true);
    expect(can(manager, 'token.manage', { agencyPath: OFFICE })).toBe(false);
    expect(can(manager, 'token.manage', { agencyPath: FINANCE })).toBe(false);
  });

  it('may be granted every action done at an agency, and each works within scope', () => {
    const all = token({ actions: TOKEN_ACTIONS, agencyId: 1, subtree: true });
    for (const a of TOKEN_ACTIONS) expect(can(all, a, { agencyPath: OFFICE }), a).toBe(true);
    expect(TOKEN_ACTIONS).toEqual(
      expect.arrayContaining<Action>(['application.register', 'application.view', 'application.handle', 'document.publish', 'report.view', 'agency.manage']),
    );
  });

  it('keeps the public actions public', () => {
    const none = token({ actions: [] });
    expect(can(none, 'agency.view', { agencyPath: FINANCE })).toBe(true);
    expect(can(none, 'audit.use')).toBe(true);
  });

  it('is refused with a 403 naming the token and why', () => {
    const scope = (() => {
      try {
        authorize(token(), 'application.register', { agencyPath: FINANCE });
      } catch (e) {
        return e as { statusCode: number; message: string };
      }
    })();
    expect(scope?.statusCode).toBe(403);
    expect(scope?.message).toBe('接口令牌「12345热线」的适用范围不包括该机关，不能登记申请（信函、当面、传真等）');
    const action = (() => {
      try {
        authorize(token(), 'application.approve', { agencyPath: BUREAU });
      } catch (e) {
        return e as { statusCode: number; message: string };
      }
    })();
    expect(action?.statusCode).toBe(403);
    expect(action?.message).toBe('接口令牌「12345热线」未获准审批（延期、答复决定）');
  });
});
