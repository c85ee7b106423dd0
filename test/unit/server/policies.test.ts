/**
 * The policy matrix: each role × each action × the actor's own / a sibling / the parent / a child
 * agency, plus anonymous and applicants (own / other application). The expected table is written
 * out here by hand, independently of src/app/policies.ts.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_LIST, can, authorize, type Action, type Actor, type Role } from '../../../src/app/policies.ts';

// Tree: city (1) → bureau (2) → office (4); city (1) → finance (3).
const CITY = [1];
const BUREAU = [1, 2];
const FINANCE = [1, 3];
const OFFICE = [1, 2, 4];
type Rel = 'own' | 'sibling' | 'parent' | 'child';
const TARGET: Record<Rel, number[]> = { own: BUREAU, sibling: FINANCE, parent: CITY, child: OFFICE };

type Scope = '-' | 'own' | 'sub' | 'all';
const ROLES: Role[] = ['registrar', 'handler', 'reviewer', 'publisher', 'supervisor', 'administrator'];

// Columns: registrar, handler, reviewer, publisher, supervisor, administrator.
// own = only at the role's agency; sub = the agency and those below it; all = anywhere.
const MATRIX: Record<Action, [Scope, Scope, Scope, Scope, Scope, Scope]> = {
  'agency.view': ['all', 'all', 'all', 'all', 'all', 'all'],
  'agency.manage': ['-', '-', '-', '-', '-', 'sub'],
  'user.manage': ['-', '-', '-', '-', '-', 'sub'],
  // the calendar is the installation's: held at the bureau, no role reaches it (see the root cases below)
  'calendar.manage': ['-', '-', '-', '-', '-', '-'],
  'application.view': ['own', 'own', 'own', '-', 'sub', '-'],
  'application.register': ['own', '-', '-', '-', '-', '-'],
  'application.confirm': ['own', '-', '-', '-', '-', '-'],
  'application.handle': ['-', 'own', '-', '-', '-', '-'],
  'application.approve': ['-', '-', 'own', '-', '-', '-'],
  'application.deliver': ['own', 'own', '-', '-', '-', '-'],
  'application.submit': ['-', '-', '-', '-', '-', '-'],
  'application.view_own': ['-', '-', '-', '-', '-', '-'],
  'application.withdraw_own': ['-', '-', '-', '-', '-', '-'],
  'application.correct_own': ['-', '-', '-', '-', '-', '-'],
  'appeal.view': ['-', 'own', 'own', '-', 'sub', '-'],
  'appeal.record': ['-', 'own', 'own', '-', '-', '-'],
  'document.view_draft': ['-', '-', 'own', 'own', 'sub', '-'],
  'document.publish': ['-', '-', '-', 'own', '-', '-'],
  'catalogue.manage': ['-', '-', '-', '-', '-', 'sub'],
  'figures.edit': ['-', '-', '-', 'own', '-', '-'],
  'report.view': ['-', '-', 'own', 'own', 'sub', '-'],
  'report.edit': ['-', '-', '-', 'own', '-', '-'],
  'report.submit': ['-', '-', 'own', '-', '-', '-'],
  'report.review': ['-', '-', '-', '-', 'sub', '-'],
  'report.publish': ['-', '-', '-', 'own', '-', '-'],
  'report.rollup': ['-', '-', '-', '-', 'sub', '-'],
  'audit.use': ['all', 'all', 'all', 'all', 'all', 'all'],
  'notification.templates': ['-', '-', '-', '-', '-', 'sub'],
  'notification.deliveries': ['-', '-', '-', '-', '-', 'all'],
  'token.manage': ['-', '-', '-', '-', '-', 'sub'],
};

function allowed(scope: Scope, rel: Rel): boolean {
  if (scope === 'all') return true;
  if (scope === 'own') return rel === 'own';
  if (scope === 'sub') return rel === 'own' || rel === 'child';
  return false;
}

const staff = (role: Role, agencyId = 2): Actor => ({ userId: 10, kind: 'staff', roles: [{ role, agencyId }] });
const applicant = (userId: number): Actor => ({ userId, kind: 'applicant', roles: [] });

describe('policy matrix', () => {
  it('covers every action of the product', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTION_LIST].sort());
  });

  for (const action of ACTION_LIST) {
    describe(action, () => {
      ROLES.forEach((role, i) => {
        for (const rel of Object.keys(TARGET) as Rel[]) {
          const expected = allowed(MATRIX[action][i], rel);
          it(`${role} at the bureau, ${rel} agency → ${expected ? 'allowed' : 'refused'}`, () => {
            expect(can(staff(role), action, { agencyPath: TARGET[rel] })).toBe(expected);
          });
        }
      });

      const publicAction = action === 'agency.view' || action === 'audit.use';
      it(`anonymous → ${publicAction ? 'allowed' : 'refused'}`, () => {
        expect(can(null, action, { agencyPath: BUREAU, ownerUserId: 7 })).toBe(publicAction);
      });

      const ownAction = action === 'application.view_own' || action === 'application.withdraw_own' || action === 'application.correct_own';
      const applicantAnywhere = publicAction || action === 'application.submit';
      it(`applicant, own application → ${ownAction || applicantAnywhere ? 'allowed' : 'refused'}`, () => {
        expect(can(applicant(7), action, { agencyPath: BUREAU, ownerUserId: 7 })).toBe(ownAction || applicantAnywhere);
      });
      it(`applicant, someone else's application → ${applicantAnywhere ? 'allowed' : 'refused'}`, () => {
        expect(can(applicant(7), action, { agencyPath: BUREAU, ownerUserId: 8 })).toBe(applicantAnywhere);
      });
    });
  }
});

describe('administration by scope (issue 16)', () => {
  const admin = (agencyId: number) => staff('administrator', agencyId);
  it('the calendar belongs to the root agency’s administrators, not a department’s', () => {
    for (const path of [CITY, BUREAU, FINANCE, OFFICE]) {
      expect(can(admin(1), 'calendar.manage', { agencyPath: path }), `city admin, ${path}`).toBe(true);
      expect(can(admin(2), 'calendar.manage', { agencyPath: path }), `bureau admin, ${path}`).toBe(false);
      expect(can(staff('supervisor', 1), 'calendar.manage', { agencyPath: path })).toBe(false);
    }
    expect(can(admin(1), 'calendar.manage')).toBe(false);
  });

  // places: the agency path of every role the person holds
  const cityAdmin = CITY;
  const bureauHandler = BUREAU;
  const officeClerk = OFFICE;
  it('a person is managed by whoever reaches the highest place the person holds', () => {
    const cases: Array<[actorAt: number, places: number[][], expected: boolean]> = [
      [2, [bureauHandler], true],
      [2, [officeClerk], true],
      [2, [cityAdmin], false], // a department administrator cannot disable or rename a city-level one
      [2, [bureauHandler, cityAdmin], false], // the highest place decides
      [2, [FINANCE], false],
      [1, [cityAdmin], true],
      [1, [bureauHandler, FINANCE, cityAdmin], true],
      [3, [bureauHandler], false],
      [2, [], true], // a person who holds no place: any administrator
    ];
    for (const [at, places, expected] of cases) expect(can(admin(at), 'user.manage', { places }), `${at} → ${JSON.stringify(places)}`).toBe(expected);
    expect(can(staff('supervisor', 1), 'user.manage', { places: [bureauHandler] })).toBe(false);
    expect(can(staff('supervisor', 1), 'user.manage', { places: [] })).toBe(false);
  });
});

describe('policy edge cases', () => {
  it('a staff member with roles at two agencies acts at both, and nowhere else', () => {
    const actor: Actor = { userId: 1, kind: 'staff', roles: [{ role: 'handler', agencyId: 2 }, { role: 'handler', agencyId: 3 }] };
    expect(can(actor, 'application.handle', { agencyPath: BUREAU })).toBe(true);
    expect(can(actor, 'application.handle', { agencyPath: FINANCE })).toBe(true);
    expect(can(actor, 'application.handle', { agencyPath: OFFICE })).toBe(false);
    expect(can(actor, 'application.handle', { agencyPath: CITY })).toBe(false);
  });

  it('a supervisor at the root sees the whole tree', () => {
    for (const path of [CITY, BUREAU, FINANCE, OFFICE]) expect(can(staff('supervisor', 1), 'report.review', { agencyPath: path })).toBe(true);
  });

  it('agency-scoped actions without a target agency are refused', () => {
    expect(can(staff('registrar'), 'application.register')).toBe(false);
    expect(can(staff('supervisor'), 'report.review', { agencyPath: [] })).toBe(false);
  });

  it('an applicant without an owner on the target owns nothing', () => {
    expect(can(applicant(7), 'application.view_own', { agencyPath: BUREAU })).toBe(false);
    expect(can(applicant(7), 'application.view_own', { ownerUserId: null })).toBe(false);
  });

  it('authorize() throws 401 for anonymous and 403 with a Chinese message for others', () => {
    expect(() => authorize(null, 'report.edit', { agencyPath: BUREAU })).toThrow('请先登录');
    try {
      authorize(staff('registrar'), 'report.edit', { agencyPath: BUREAU });
      expect.unreachable();
    } catch (err) {
      expect((err as { statusCode: number }).statusCode).toBe(403);
      expect((err as Error).message).toContain('编辑年度报告');
    }
    expect(() => authorize(staff('publisher'), 'report.edit', { agencyPath: BUREAU })).not.toThrow();
  });
});
