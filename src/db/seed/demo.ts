/**
 * Demo data: a small city tree around the seed report's agency, a staff user for every role,
 * and two applicants. Idempotent (every insert skips what exists); run on the first start of a
 * fresh database and by `gongkai seed --demo`. Password of every demo account: DEMO_PASSWORD.
 *
 * Extending: write `src/db/seed/<area>.ts` exporting a step `{ name, run(db, ctx) }` and add it to
 * DEMO_STEPS below (after the steps it depends on). `ctx.agencies` maps agency code → id,
 * `ctx.users` maps demo e-mail → user id. A step must be idempotent too.
 */
import { eq, inArray } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import type { Db } from '../index.ts';
import { agencies, applicantProfiles, staffRoles, users, type Role } from '../schema.ts';
import { applicationsStep } from './applications.ts';
import { reportsStep } from './reports.ts';
import { portalStep } from './portal.ts';

export const DEMO_PASSWORD = 'Gongkai2024!';

export interface DemoContext {
  agencies: Map<string, number>;
  users: Map<string, number>;
  passwordHash: string;
}

export interface SeedStep {
  name: string;
  /** What the step loads, in Chinese, for the progress shown at first start (default: `name`). */
  label?: string;
  run(db: Db, ctx: DemoContext): Promise<void>;
}

const ZSJ_OFFICE = {
  officeName: '通化市政务服务和数字化建设管理局办公室',
  officeAddress: '吉林省通化市东昌区新华大街（演示地址）',
  officeHours: '工作日 8:30—11:30，13:30—17:00',
  officePhone: '0435-0000000（演示）',
  officeEmail: 'gk@zsj.demo',
};

export const DEMO_AGENCIES: Array<{ code: string; name: string; parent?: string; office?: Partial<typeof ZSJ_OFFICE> }> = [
  { code: '220500', name: '通化市人民政府', office: { officeName: '通化市人民政府办公室' } },
  { code: '220500-zsj', name: '通化市政务服务和数字化建设管理局', parent: '220500', office: ZSJ_OFFICE },
  { code: '220500-czj', name: '通化市财政局', parent: '220500', office: { officeName: '通化市财政局办公室' } },
  { code: '220500-bgs', name: '通化市人民政府办公室', parent: '220500', office: { officeName: '通化市人民政府办公室（政务公开办）' } },
  { code: '220502', name: '东昌区人民政府', parent: '220500', office: { officeName: '东昌区人民政府办公室' } },
  { code: '220502-jyj', name: '东昌区教育局', parent: '220502', office: { officeName: '东昌区教育局办公室' } },
];

export const DEMO_STAFF: Array<{ email: string; name: string; roles: Array<[Role, string]> }> = [
  { email: 'registrar@zsj.demo', name: '李登记', roles: [['registrar', '220500-zsj']] },
  { email: 'handler@zsj.demo', name: '王承办', roles: [['handler', '220500-zsj']] },
  { email: 'reviewer@zsj.demo', name: '赵审核', roles: [['reviewer', '220500-zsj']] },
  { email: 'publisher@zsj.demo', name: '孙专员', roles: [['publisher', '220500-zsj']] },
  { email: 'supervisor@zsj.demo', name: '周督办', roles: [['supervisor', '220500-zsj']] },
  { email: 'admin@zsj.demo', name: '吴管理', roles: [['administrator', '220500-zsj']] },
  { email: 'supervisor@city.demo', name: '郑公开', roles: [['supervisor', '220500']] },
  { email: 'admin@city.demo', name: '钱系统', roles: [['administrator', '220500']] },
  { email: 'handler@czj.demo', name: '冯财政', roles: [['handler', '220500-czj']] },
];

export const DEMO_APPLICANTS = [
  {
    email: 'zhangsan@applicant.demo',
    phone: '13800000001',
    name: '张三',
    applicantType: 'natural',
    idDocType: 'resident_id',
    idNumber: '220502199001011230',
    address: '吉林省通化市东昌区演示街1号',
  },
  {
    email: 'company@applicant.demo',
    phone: '13800000002',
    name: '通化演示商贸有限公司',
    applicantType: 'org.business',
    creditCode: '91220502MA17KG8Q08',
    contactName: '陈经理',
    address: '吉林省通化市东昌区演示路2号',
  },
] as const;

const agenciesStep: SeedStep = {
  name: 'agencies',
  label: '演示机关',
  async run(db, ctx) {
    for (const a of DEMO_AGENCIES) {
      const parentId = a.parent ? ctx.agencies.get(a.parent) : null;
      await db
        .insert(agencies)
        .values({ code: a.code, name: a.name, parentId: parentId ?? null, ...(a.office ?? {}) })
        .onConflictDoNothing();
      const [row] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, a.code));
      ctx.agencies.set(a.code, row.id);
    }
  },
};

async function ensureUser(db: Db, ctx: DemoContext, values: typeof users.$inferInsert): Promise<number> {
  await db.insert(users).values(values).onConflictDoNothing();
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, values.email!));
  ctx.users.set(values.email!, row.id);
  return row.id;
}

const staffStep: SeedStep = {
  name: 'staff',
  label: '工作人员账号',
  async run(db, ctx) {
    for (const s of DEMO_STAFF) {
      const id = await ensureUser(db, ctx, { kind: 'staff', displayName: s.name, email: s.email, passwordHash: ctx.passwordHash });
      for (const [role, code] of s.roles) {
        await db.insert(staffRoles).values({ userId: id, agencyId: ctx.agencies.get(code)!, role }).onConflictDoNothing();
      }
    }
  },
};

const applicantsStep: SeedStep = {
  name: 'applicants',
  label: '申请人账号',
  async run(db, ctx) {
    for (const a of DEMO_APPLICANTS) {
      const id = await ensureUser(db, ctx, {
        kind: 'applicant',
        displayName: a.name,
        email: a.email,
        phone: a.phone,
        passwordHash: ctx.passwordHash,
      });
      await db
        .insert(applicantProfiles)
        .values({
          userId: id,
          applicantType: a.applicantType,
          name: a.name,
          email: a.email,
          phone: a.phone,
          address: a.address,
          idDocType: 'idDocType' in a ? a.idDocType : null,
          idNumber: 'idNumber' in a ? a.idNumber : null,
          creditCode: 'creditCode' in a ? a.creditCode : null,
          contactName: 'contactName' in a ? a.contactName : null,
        })
        .onConflictDoNothing();
    }
  },
};

/** The steps, in order. Add yours here (one line). */
export const DEMO_STEPS: SeedStep[] = [
  agenciesStep,
  staffStep,
  applicantsStep,
  portalStep,
  applicationsStep,
  // SEED STEPS (add a line: importedStep,)
  reportsStep, // keep last: reads the applications the steps above seed
];

export interface SeedOptions {
  /** Called before each step (for the progress shown at first start). */
  onStep?(label: string, index: number, total: number): void;
}

/**
 * Loads the demo data (idempotent), all of it in one transaction: a start interrupted while loading
 * leaves the database empty (and the next start loads it again), never half-loaded. Returns the
 * context (agency and user ids).
 */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<DemoContext> {
  // Reuse the existing hash when the demo accounts exist (hashing is deliberately slow).
  const emails = [...DEMO_STAFF.map((s) => s.email), ...DEMO_APPLICANTS.map((a) => a.email)];
  const [existing] = await db.select({ h: users.passwordHash }).from(users).where(inArray(users.email, emails)).limit(1);
  const ctx: DemoContext = {
    agencies: new Map(),
    users: new Map(),
    passwordHash: existing?.h ?? (await hash(DEMO_PASSWORD, { algorithm: 2 })),
  };
  await db.transaction(async (tx) => {
    for (const [i, step] of DEMO_STEPS.entries()) {
      options.onStep?.(step.label ?? step.name, i, DEMO_STEPS.length);
      await step.run(tx as unknown as Db, ctx);
    }
  });
  return ctx;
}

/** Whether the database holds no agency yet (a fresh installation). */
export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: agencies.id }).from(agencies).limit(1);
  return rows.length === 0;
}
