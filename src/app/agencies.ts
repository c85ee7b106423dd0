/**
 * Agencies as a tree: queries and the one way to create an agency (with its audit entry).
 * agencyPath() gives the ancestry that policies.can() needs.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/index.ts';
import { recordAudit } from '../db/audit.ts';
import { agencies } from '../db/schema.ts';
import { AppError, conflict, notFound } from './errors.ts';
import { onPublicDataChanged, publicDataChanged } from './public-changes.ts';
import { auditActor, authorizeBy, can, ForbiddenError, type Actor, type By } from './policies.ts';
import { agencyUpdateSchema, type AgencyCreateInput, type AgencyUpdateInput } from './schemas.ts';
import { findControlCharacter } from '../domain/text/index.ts';

export type Agency = typeof agencies.$inferSelect;
export interface AgencyNode extends Agency {
  children: AgencyNode[];
}

export function listAgencies(db: Db): Promise<Agency[]> {
  return db.select().from(agencies).orderBy(asc(agencies.code));
}

export async function findAgencyByCode(db: Db, code: string): Promise<Agency | undefined> {
  // A code with a control character names no agency (and a NUL would only be refused by the
  // database): the page routes, which read `:code` without a schema, answer 404 for it.
  if (findControlCharacter(code) !== undefined) return undefined;
  const rows = await db.select().from(agencies).where(eq(agencies.code, code)).limit(1);
  return rows[0];
}

export async function getAgencyByCode(db: Db, code: string): Promise<Agency> {
  const a = await findAgencyByCode(db, code);
  if (!a) throw notFound(`找不到代码为“${code}”的机关`);
  return a;
}

/** The forest of agencies (roots in code order, children likewise). */
export function buildTree(all: Agency[]): AgencyNode[] {
  const nodes = new Map<number, AgencyNode>(all.map((a) => [a.id, { ...a, children: [] }]));
  const roots: AgencyNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId != null ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  const sort = (list: AgencyNode[]) => {
    list.sort((a, b) => a.code.localeCompare(b.code));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

export async function agencyTree(db: Db): Promise<AgencyNode[]> {
  return buildTree(await listAgencies(db));
}

/** Ancestry ids of an agency, root first and the agency itself last (for policies.can). */
export function pathOf(all: ReadonlyArray<Pick<Agency, 'id' | 'parentId'>>, agencyId: number): number[] {
  const byId = new Map(all.map((a) => [a.id, a]));
  const path: number[] = [];
  let cur = byId.get(agencyId);
  while (cur && !path.includes(cur.id)) {
    path.unshift(cur.id);
    cur = cur.parentId != null ? byId.get(cur.parentId) : undefined;
  }
  return path;
}

// ------------------------------------------------------------------------------------------------
// The agency directory: every agency in memory, for the public pages (named policy)
// ------------------------------------------------------------------------------------------------

/**
 * How long the public pages may use agencies read earlier. Agencies change rarely (an administrator
 * adds one); every portal page needs them (the home page's tree of 5,000 agencies cost 2.9% of a
 * constant route's speed when reloaded per request, issue 9). A change made through createAgency()
 * in this process clears the directory at once; one made by another process (the command line on a
 * shared PostgreSQL server) shows on the public pages within this many milliseconds.
 */
export const AGENCY_DIRECTORY_TTL_MS = 5000;

export interface AgencyDirectory {
  /** Every agency, in code order. */
  all: Agency[];
  byId: ReadonlyMap<number, Agency>;
  byCode: ReadonlyMap<string, Agency>;
  /** The forest (buildTree). */
  roots: AgencyNode[];
  /** Ancestry ids, root first (pathOf). */
  pathOf(agencyId: number): number[];
  /** Values derived from the directory by a page (e.g. the home page's rendered tree), dropped with it. */
  memo<T>(key: string, make: () => T): T;
}

interface DirectoryEntry {
  loadedAt: number;
  directory: Promise<AgencyDirectory>;
}
const directories = new WeakMap<object, DirectoryEntry>();

function makeDirectory(all: Agency[]): AgencyDirectory {
  const byId = new Map(all.map((a) => [a.id, a]));
  const memos = new Map<string, unknown>();
  let roots: AgencyNode[] | undefined;
  return {
    all,
    byId,
    byCode: new Map(all.map((a) => [a.code, a])),
    get roots() {
      return (roots ??= buildTree(all));
    },
    pathOf: (agencyId) => pathOf(all, agencyId),
    memo<T>(key: string, make: () => T): T {
      if (!memos.has(key)) memos.set(key, make());
      return memos.get(key) as T;
    },
  };
}

/** Databases whose directory is dropped by every public change (another process's too, issue 20). */
const followed = new WeakSet<Db>();

/** Every agency, read at most once per AGENCY_DIRECTORY_TTL_MS per database (cleared by createAgency, and by any process's public change). */
export function agencyDirectory(db: Db, now = Date.now()): Promise<AgencyDirectory> {
  if (!followed.has(db)) {
    followed.add(db);
    onPublicDataChanged(db, () => directories.delete(db));
  }
  const cached = directories.get(db);
  if (cached && now - cached.loadedAt < AGENCY_DIRECTORY_TTL_MS) return cached.directory;
  const directory = listAgencies(db).then(makeDirectory);
  const entry = { loadedAt: now, directory };
  directories.set(db, entry);
  // A failed read is not kept.
  directory.catch(() => {
    if (directories.get(db) === entry) directories.delete(db);
  });
  return directory;
}

/** Drops the directory of `db` (after a change of agencies), and the cached portal pages that show it. */
export function forgetAgencyDirectory(db: Db): void {
  directories.delete(db);
  publicDataChanged(db);
}

/**
 * The agency with `code` from the directory, or a 404 (as getAgencyByCode). A code the directory
 * does not know is looked up in the database (an agency another process just added is found, and
 * the directory is reloaded).
 */
export async function directoryAgency(db: Db, code: string): Promise<Agency> {
  const known = (await agencyDirectory(db)).byCode.get(code);
  if (known) return known;
  const a = await getAgencyByCode(db, code);
  forgetAgencyDirectory(db);
  return a;
}

export async function agencyPath(db: DbOrTx, agencyId: number): Promise<number[]> {
  const all = await db.select({ id: agencies.id, parentId: agencies.parentId }).from(agencies);
  return pathOf(all, agencyId);
}

/** The agencies `actor` may manage (agency.manage): its administrators' agencies and all below them. */
export function manageableAgencies(all: Agency[], actor: Actor | null, action: 'agency.manage' | 'user.manage' = 'agency.manage'): Agency[] {
  return actor?.kind === 'staff' ? all.filter((a) => can(actor, action, { agencyPath: pathOf(all, a.id) })) : [];
}

/**
 * Creates an agency under `parentCode` (or as a root). Who may: an administrator of the parent or
 * above it (agency.manage on the parent); a new root only an administrator of an existing root.
 * Recorded in the audit log.
 */
export async function createAgency(db: Db, input: AgencyCreateInput, by: By): Promise<Agency> {
  const all = await listAgencies(db);
  let parentId: number | null = null;
  if (input.parentCode) {
    const parent = all.find((a) => a.code === input.parentCode);
    // An unknown parent is named only to someone who may manage agencies somewhere.
    if (!parent) {
      if (!by.system && manageableAgencies(all, by.actor).length === 0) throw new ForbiddenError('agency.manage', !by.actor);
      throw new AppError(400, 'validation_failed', `上级机关“${input.parentCode}”不存在`, { field: 'parentCode' });
    }
    authorizeBy(by, 'agency.manage', { agencyPath: pathOf(all, parent.id) });
    parentId = parent.id;
  } else if (!by.system) {
    const roots = new Set(all.filter((a) => a.parentId == null).map((a) => a.id));
    if (!by.actor?.roles.some((r) => r.role === 'administrator' && roots.has(r.agencyId))) {
      throw new ForbiddenError('agency.manage', !by.actor, '只有最高一级机关的系统管理员可以新增顶级机关');
    }
  }
  if (all.some((a) => a.code === input.code)) {
    throw conflict('agency_exists', `机关代码“${input.code}”已存在`);
  }
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agencies)
      .values({
        code: input.code,
        name: input.name,
        parentId,
        officeName: input.officeName ?? null,
        officePhone: input.officePhone ?? null,
        officeAddress: input.officeAddress ?? null,
        officeHours: input.officeHours ?? null,
        officeEmail: input.officeEmail ?? null,
      })
      .returning();
    await recordAudit(tx, {
      ...auditActor(by),
      action: 'agency.create',
      entity: 'agency',
      entityId: row.id,
      detail: { code: row.code, name: row.name, parentCode: input.parentCode ?? null },
    });
    return row;
  });
  forgetAgencyDirectory(db);
  return created;
}

/**
 * Changes an agency's name and its 政府信息公开工作机构 details (Art. 4: the 工作机构; its name, address,
 * hours, phone are published in the guide). Who may: agency.manage on the agency. Validated with
 * agencyUpdateSchema; audited; the directory is dropped so the portal shows the change at once.
 */
export async function updateAgency(db: Db, code: string, input: AgencyUpdateInput, by: By): Promise<Agency> {
  const agency = await getAgencyByCode(db, code);
  authorizeBy(by, 'agency.manage', { agencyPath: await agencyPath(db, agency.id) });
  const id = agency.id;
  const parsed = agencyUpdateSchema.safeParse(input);
  if (!parsed.success) throw new AppError(400, 'validation_failed', parsed.error.issues[0]?.message ?? '输入不正确');
  const v = parsed.data;
  const updated = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(agencies).where(eq(agencies.id, id)).limit(1);
    if (!before) throw notFound('找不到该机关');
    const values = {
      name: v.name,
      officeName: v.officeName ?? null,
      officePhone: v.officePhone ?? null,
      officeAddress: v.officeAddress ?? null,
      officeHours: v.officeHours ?? null,
      officeEmail: v.officeEmail ?? null,
    };
    const [row] = await tx.update(agencies).set(values).where(eq(agencies.id, id)).returning();
    const changed = Object.fromEntries(
      Object.entries(values).filter(([k, val]) => (before as Record<string, unknown>)[k] !== val),
    );
    await recordAudit(tx, {
      ...auditActor(by),
      action: 'agency.update',
      entity: 'agency',
      entityId: id,
      detail: { code: row.code, changed },
    });
    return row;
  });
  forgetAgencyDirectory(db);
  return updated;
}
