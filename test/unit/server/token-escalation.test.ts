/**
 * Policy TOKEN_NO_ESCALATION (src/app/policies.ts): a token that manages tokens creates, sees and
 * revokes only tokens whose grant lies within its own — agency, reach below it, actions, expiry. A
 * person is bound by `token.manage` alone.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { authorizeTokenGrant, canManageToken, grantExcess, grantWithin, TOKEN_ACTIONS, type Action, type By, type GrantTarget, type TokenGrant } from '../../../src/app/policies.ts';

// Tree: city (1) → bureau (2) → office (4); city (1) → finance (3).
const PATHS: Record<number, number[]> = { 1: [1], 2: [1, 2], 3: [1, 3], 4: [1, 2, 4] };
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-28T00:00:00+08:00');

const grant = (g: Partial<TokenGrant> = {}): TokenGrant => ({ id: 1, name: '省平台', agencyId: 2, subtree: false, actions: ['token.manage', 'application.register', 'application.view'], expiresAt: null, ...g });
const target = (t: Partial<GrantTarget> = {}): GrantTarget => ({ agencyPath: PATHS[2], subtree: false, actions: ['application.register'], expiresAt: null, ...t });
const asToken = (g: TokenGrant): By => ({ actor: { userId: 50, kind: 'staff', roles: [], token: g } });
const admin = (agencyId: number): By => ({ actor: { userId: 7, kind: 'staff', roles: [{ role: 'administrator', agencyId }] } });

function refusal(fn: () => void): { statusCode: number; code: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    return e as { statusCode: number; code: string; message: string };
  }
  return undefined;
}

describe('TOKEN_NO_ESCALATION', () => {
  it('admits a grant equal to its own or narrower', () => {
    expect(grantWithin(grant(), target({ actions: ['token.manage', 'application.register', 'application.view'] }))).toBe(true);
    expect(grantWithin(grant(), target({ actions: ['application.view'] }))).toBe(true);
    expect(grantWithin(grant({ subtree: true }), target({ agencyPath: PATHS[4], subtree: true }))).toBe(true);
    expect(grantWithin(grant({ expiresAt: new Date(NOW + 10 * DAY) }), target({ expiresAt: new Date(NOW + 5 * DAY) }))).toBe(true);
  });

  it('refuses each kind of excess, saying which', () => {
    expect(grantExcess(grant(), target({ actions: ['application.approve', 'application.view'] }))).toBe('本令牌未获准的操作不能授予：审批（延期、答复决定）');
    expect(grantExcess(grant(), target({ agencyPath: PATHS[3] }))).toBe('适用机关超出了本令牌的适用范围');
    expect(grantExcess(grant(), target({ agencyPath: PATHS[1] }))).toBe('适用机关超出了本令牌的适用范围');
    expect(grantExcess(grant(), target({ agencyPath: PATHS[4] }))).toBe('适用机关超出了本令牌的适用范围');
    expect(grantExcess(grant(), target({ subtree: true }))).toBe('本令牌不适用于下级机关，不能创建适用于下级机关的令牌');
    const ending = grant({ expiresAt: new Date(NOW + 5 * DAY) });
    expect(grantExcess(ending, target())).toBe('有效期不能晚于本令牌的有效期');
    expect(grantExcess(ending, target({ expiresAt: new Date(NOW + 6 * DAY) }))).toBe('有效期不能晚于本令牌的有效期');
  });

  it('a token creating beyond itself gets 403 token_escalation naming the token; without token.manage, 403 forbidden', () => {
    const e = refusal(() => authorizeTokenGrant(asToken(grant()), target({ actions: ['document.publish'] })));
    expect(e).toMatchObject({ statusCode: 403, code: 'token_escalation' });
    expect(e?.message).toBe('接口令牌「省平台」不能创建权限超过自身的令牌：本令牌未获准的操作不能授予：发布、废止主动公开文件');
    const none = refusal(() => authorizeTokenGrant(asToken(grant({ actions: ['application.register'] })), target()));
    expect(none).toMatchObject({ statusCode: 403, code: 'forbidden' });
    expect(none?.message).toContain('未获准创建、撤销接口令牌');
    expect(refusal(() => authorizeTokenGrant(asToken(grant()), target()))).toBeUndefined();
  });

  it('binds a person by token.manage alone: an administrator grants any token action within reach', () => {
    const everything = target({ agencyPath: PATHS[4], subtree: true, actions: TOKEN_ACTIONS });
    expect(refusal(() => authorizeTokenGrant(admin(2), everything))).toBeUndefined();
    expect(canManageToken(admin(2), everything)).toBe(true);
    expect(refusal(() => authorizeTokenGrant(admin(3), everything))).toMatchObject({ statusCode: 403, code: 'forbidden' });
    expect(canManageToken(admin(3), everything)).toBe(false);
  });

  it('a managing token sees and revokes only tokens within its grant (itself included)', () => {
    const g = grant();
    expect(canManageToken(asToken(g), target({ actions: [...g.actions] }))).toBe(true);
    expect(canManageToken(asToken(g), target({ actions: ['application.approve'] }))).toBe(false);
    expect(canManageToken(asToken(g), target({ agencyPath: PATHS[3] }))).toBe(false);
    expect(canManageToken(asToken(grant({ actions: ['application.view'] })), target({ actions: ['application.view'] }))).toBe(false);
  });

  type G = { agencyId: number; subtree: boolean; actions: Action[]; expiresAt: Date | null };
  const arbExpiry = fc.option(fc.integer({ min: 0, max: 30 }).map((d) => new Date(NOW + d * DAY)), { nil: null });
  const arbGrant: fc.Arbitrary<G> = fc.record({ agencyId: fc.constantFrom(1, 2, 3, 4), subtree: fc.boolean(), actions: fc.subarray([...TOKEN_ACTIONS] as Action[]), expiresAt: arbExpiry });
  const below = (id: number) => Object.keys(PATHS).map(Number).filter((a) => PATHS[a].includes(id));
  /** A grant built to lie within `g` (its agency or one below it if g reaches there, fewer actions, an earlier end). */
  const narrower = (g: G): fc.Arbitrary<G> =>
    fc.record({
      agencyId: g.subtree ? fc.constantFrom(...below(g.agencyId)) : fc.constant(g.agencyId),
      subtree: g.subtree ? fc.boolean() : fc.constant(false),
      actions: fc.subarray(g.actions),
      expiresAt: g.expiresAt ? fc.integer({ min: 0, max: 30 }).map((d) => new Date(Math.min(g.expiresAt!.getTime(), NOW + d * DAY))) : arbExpiry,
    });
  const asTarget = (g: G): GrantTarget => ({ agencyPath: PATHS[g.agencyId], subtree: g.subtree, actions: g.actions, expiresAt: g.expiresAt });
  const asGrant = (g: G): TokenGrant => ({ id: 1, name: 't', ...g });
  const reaches = (g: G, agency: number) => agency === g.agencyId || (g.subtree && PATHS[agency].includes(g.agencyId));

  it('is a partial order: every grant lies within itself, and within-within is within', () => {
    fc.assert(fc.property(arbGrant, (g) => grantWithin(asGrant(g), asTarget(g))));
    const chain = arbGrant.chain((a) => narrower(a).chain((b) => narrower(b).map((c) => [a, b, c] as const)));
    fc.assert(fc.property(chain, ([a, b, c]) => grantWithin(asGrant(a), asTarget(b)) && grantWithin(asGrant(b), asTarget(c)) && grantWithin(asGrant(a), asTarget(c))));
  });

  it('what lies within never does more: no agency, action or day the outer grant lacks', () => {
    const pairs = fc.oneof(arbGrant.chain((o) => narrower(o).map((i) => [o, i] as const)), fc.tuple(arbGrant, arbGrant));
    fc.assert(
      fc.property(pairs, ([outer, inner]) => {
        const within = grantWithin(asGrant(outer), asTarget(inner));
        const doesNoMore =
          [1, 2, 3, 4].every((agency) => !reaches(inner, agency) || reaches(outer, agency)) &&
          inner.actions.every((a) => outer.actions.includes(a)) &&
          (!outer.expiresAt || (inner.expiresAt !== null && inner.expiresAt <= outer.expiresAt));
        // Within exactly when it does no more (a subtree grant at a leaf agency reaches no more than without).
        return within === doesNoMore || (!within && doesNoMore && inner.subtree && !outer.subtree && below(inner.agencyId).length === 1);
      }),
      { numRuns: 500 },
    );
  });
});
