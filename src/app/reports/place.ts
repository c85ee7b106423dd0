/** The agency's place in the tree, for the report use cases: who supervises it, whom it supervises, who may act. */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.ts';

import { agencies, staffRoles } from '../../db/schema.ts';
import { type DeadlineLevel } from '../../domain/report/checks.ts';

import { deadlineLevel, supervisedAgencies, supervisingAgency } from '../../domain/report/workflow.ts';
import { notFound } from '../errors.ts';
import { authorize, can, type Action, type By } from '../policies.ts';

type Agency = typeof agencies.$inferSelect;

// ------------------------------------------------------------------------------------------------
// The agency's place in the tree
// ------------------------------------------------------------------------------------------------

export interface AgencyPlace {
  agency: Agency;
  /** Ancestry ids, root first, the agency last (policies.can). */
  path: number[];
  hasChildren: boolean;
  level: DeadlineLevel;
  /** The supervising 政务公开办's agency, or null. */
  supervisor: Agency | null;
  supervisorPath: number[];
  /** Agencies this one supervises (its status board and roll-up), when it has a supervisor role. */
  supervised: Agency[];
}

export async function agencyPlace(db: DbOrTx, code: string): Promise<AgencyPlace> {
  const all = await db.select().from(agencies);
  const agency = all.find((a) => a.code === code);
  if (!agency) throw notFound(`找不到代码为“${code}”的机关`);
  const supRows = await db.selectDistinct({ agencyId: staffRoles.agencyId }).from(staffRoles).where(eq(staffRoles.role, 'supervisor'));
  const withSupervisor = new Set(supRows.map((r) => r.agencyId));
  const byId = new Map(all.map((a) => [a.id, a]));
  const pathOf = (id: number) => {
    const path: number[] = [];
    let cur = byId.get(id);
    while (cur && !path.includes(cur.id)) {
      path.unshift(cur.id);
      cur = cur.parentId != null ? byId.get(cur.parentId) : undefined;
    }
    return path;
  };
  const supId = supervisingAgency(all, withSupervisor, agency.id);
  const hasChildren = all.some((a) => a.parentId === agency.id);
  return {
    agency,
    path: pathOf(agency.id),
    hasChildren,
    level: deadlineLevel({ code: agency.code, hasChildren }),
    supervisor: supId != null ? byId.get(supId)! : null,
    supervisorPath: supId != null ? pathOf(supId) : [],
    supervised: supervisedAgencies(all, withSupervisor, agency.id)
      .map((id) => byId.get(id)!)
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

export function check(by: By, action: Action, path: number[]) {
  if (by.system) return;
  authorize(by.actor, action, { agencyPath: path });
}

export function mayAct(by: By, action: Action, path: number[]): boolean {
  return by.system === true || can(by.actor, action, { agencyPath: path });
}

