/**
 * The core tables of Gongkai's one database schema (Drizzle ORM, PostgreSQL dialect: PGlite and PostgreSQL
 * alike): agencies, people, applications and their events, letters, documents, reports, the audit log.
 * src/db/schema.ts gathers them with the tables of notifications, redaction and the outbox.
 *
 * To add a table or a column: edit this file, then run `npx drizzle-kit generate --name WHAT` and
 * commit the new file under drizzle/. The application applies migrations itself at start
 * (src/db/index.ts). Never edit a migration that is already committed.
 *
 * Conventions: calendar dates are `date` columns in mode 'string' ('YYYY-MM-DD', Asia/Shanghai);
 * instants are `timestamptz`. An application has NO status or deadline column: both are derived
 * from its append-only events (design.md). audit_log and application_events refuse UPDATE and
 * DELETE by a trigger (drizzle/0001_append_only.sql).
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  check,
  foreignKey,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
});

/** A PostgreSQL tsvector (full-text search), written as its text literal. */
const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Agencies as a tree (a city government, its departments, districts, towns). */
export const agencies = pgTable(
  'agencies',
  {
    id: serial('id').primaryKey(),
    /** Public code, e.g. 220500 or 220500-zsj. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => agencies.id),
    /** 政府信息公开工作机构 (第四条): its name and how to reach it (公开指南, 第二十二条). */
    officeName: text('office_name'),
    officePhone: text('office_phone'),
    officeAddress: text('office_address'),
    officeHours: text('office_hours'),
    officeEmail: text('office_email'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('agencies_code_uq').on(t.code), index('agencies_parent_idx').on(t.parentId)],
);

/** Everyone who signs in: staff and applicants. E-mail is stored lower-case. */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['staff', 'applicant'] }).notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email), uniqueIndex('users_phone_uq').on(t.phone)],
);

/** An applicant's identity (第二十九条第二款第一项: 姓名或者名称、身份证明、联系方式). */
export const applicantProfiles = pgTable('applicant_profiles', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  /** `natural` or one of the five org columns of table 2 (contracts.md §1). */
  applicantType: text('applicant_type').notNull(),
  /** 姓名 (自然人) or 名称 (法人或其他组织). */
  name: text('name').notNull(),
  /** resident_id (居民身份证, default) | passport | hk_macao_permit | taiwan_permit | foreign_permanent | other */
  idDocType: text('id_doc_type'),
  idNumber: text('id_number'),
  phone: text('phone'),
  email: text('email'),
  address: text('address'),
  /** 统一社会信用代码 (GB 32100-2015) of an organisation. */
  creditCode: text('credit_code'),
  /** An organisation's contact person (联系人). */
  contactName: text('contact_name'),
  createdAt: createdAt(),
});

export const ROLES = ['registrar', 'handler', 'reviewer', 'publisher', 'supervisor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/** A staff user's roles, each at one agency. */
export const staffRoles = pgTable(
  'staff_roles',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('staff_roles_uq').on(t.userId, t.agencyId, t.role), index('staff_roles_agency_idx').on(t.agencyId)],
);

/** Server-side sessions. `id` is the SHA-256 (hex) of the cookie's token, never the token. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Rate-limit counters shared by every process on the database (src/db/rate-limits.ts): one row per
 * limit and client, counting the hits of its current window. `key` is the SHA-256 (hex) of the
 * limit's name and its client key (an address, an account name): no personal data is stored.
 * UNLOGGED on a PostgreSQL server (drizzle/0012): no WAL per hit, emptied by a server crash.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limits_expires_idx').on(t.expiresAt)],
);

/**
 * An application (政府信息公开申请). The applicant's identity is copied at intake (a letter or an
 * in-person application has no user). Status and deadline are derived from application_events.
 */
export const applications = pgTable(
  'applications',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** 申请编号, unique per agency. */
    number: text('number').notNull(),
    applicantUserId: integer('applicant_user_id').references(() => users.id),
    applicantType: text('applicant_type').notNull(),
    applicantName: text('applicant_name').notNull(),
    applicantIdDocType: text('applicant_id_doc_type'),
    applicantIdNumber: text('applicant_id_number'),
    applicantCreditCode: text('applicant_credit_code'),
    applicantPhone: text('applicant_phone'),
    applicantEmail: text('applicant_email'),
    applicantAddress: text('applicant_address'),
    /** 第三十一条 channel (contracts.md §1). */
    channel: text('channel').notNull(),
    subject: text('subject').notNull(),
    description: text('description'),
    /** 第二十九条第二款第三项 / 第四十条: 纸质、电子数据… */
    provisionForm: text('provision_form'),
    /** 邮寄、电子邮件、自行领取、在线… */
    deliveryMethod: text('delivery_method'),
    /** 一事一申请 (第二十九条): the application this one was split from. */
    parentApplicationId: integer('parent_application_id').references((): AnyPgColumn => applications.id),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('applications_agency_number_uq').on(t.agencyId, t.number),
    index('applications_applicant_idx').on(t.applicantUserId),
  ],
);

/** The append-only history of an application; its status and deadline are functions of it. */
export const applicationEvents = pgTable(
  'application_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    actorUserId: integer('actor_user_id').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('application_events_seq_uq').on(t.applicationId, t.seq),
    // A report's year leaves out the applications closed before 1 January and those split into
    // others (src/db/applications.ts loadReportFactsForAgencies): these find them without reading
    // every event of the province.
    index('application_events_closed_idx')
      .on(sql`(${t.payload}->>'date')`)
      .where(sql`${t.type} in ('decided', 'withdrawn')`),
    index('application_events_split_idx').on(t.applicationId).where(sql`${t.type} = 'split'`),
  ],
);

/** Files (application attachments, letters, disclosed documents…) stored in the database. */
export const attachments = pgTable(
  'attachments',
  {
    id: serial('id').primaryKey(),
    /** e.g. application, application_event, document, report */
    ownerKind: text('owner_kind').notNull(),
    ownerId: integer('owner_id').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    /** Taken off by staff (a document's attachment): kept, no longer listed or served. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: integer('removed_by').references(() => users.id),
  },
  (t) => [index('attachments_owner_idx').on(t.ownerKind, t.ownerId)],
);

/** 行政复议 / 行政诉讼 cases (table 3). */
export const appeals = pgTable(
  'appeals',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    applicationId: integer('application_id').references(() => applications.id),
    /** Case number (contracts.md §3 import column `number`). */
    number: text('number'),
    /** reconsideration | litigation_direct | litigation_after_reconsideration */
    kind: text('kind').notNull(),
    /** 复议机关 or 法院 */
    organ: text('organ'),
    filedDate: date('filed_date', { mode: 'string' }).notNull(),
    concludedDate: date('concluded_date', { mode: 'string' }),
    /** upheld | corrected | other | pending */
    result: text('result').notNull().default('pending'),
    /** 复议机关作共同被告 cases: whether this agency is the original organ (作出原行政行为的机关). */
    originalOrgan: boolean('original_organ').notNull().default(true),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('appeals_agency_idx').on(t.agencyId)],
);

/** An agency's own sub-categories of its 公开目录 (工作动态, 通知公告…), each under one category of 第二十条
 * (src/domain/portal/categories.ts); a document filed under one takes its statutory category from it. */
export const catalogueSubcategories = pgTable(
  'catalogue_subcategories',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    name: text('name').notNull(),
    /** A CategoryCode of 第二十条. */
    parentCategory: text('parent_category').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('catalogue_subcategories_name_uq').on(t.agencyId, t.name), uniqueIndex('catalogue_subcategories_agency_uq').on(t.id, t.agencyId)],
);

/** Documents of the disclosure catalogue (主动公开). */
export const documents = pgTable(
  'documents',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    title: text('title').notNull(),
    /** 文号 */
    docNumber: text('doc_number'),
    /** rule (规章) | normative (行政规范性文件) | other */
    kind: text('kind', { enum: ['rule', 'normative', 'other'] }).notNull().default('other'),
    /** The category of 第二十条 when filed directly under it; null when filed under a sub-category. */
    category: text('category'),
    /** The agency's own sub-category (its parent is the statutory category). */
    subcategoryId: integer('subcategory_id'),
    body: text('body').notNull().default(''),
    /** 成文日期 (the CSV import's `issued_date`, contracts.md §3). */
    writtenDate: date('written_date', { mode: 'string' }),
    publishedDate: date('published_date', { mode: 'string' }),
    effectiveDate: date('effective_date', { mode: 'string' }),
    repealedDate: date('repealed_date', { mode: 'string' }),
    /** draft | published | repealed (废止: stays public, marked) | withdrawn (撤回: no longer public) */
    status: text('status', { enum: ['draft', 'published', 'repealed', 'withdrawn'] }).notNull().default('draft'),
    viewCount: integer('view_count').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** 发文机关 as printed on the document (joint documents name several); null = the agency itself. */
    issuer: text('issuer'),
    /**
     * Character-bigram search vector (src/lib/search/bigram.ts): written with the row by the portal's
     * use cases; a trigger fills it from title, 文号 and body when a writer leaves it NULL.
     */
    searchVector: tsvector('search_vector'),
  },
  (t) => [
    index('documents_agency_idx').on(t.agencyId, t.status),
    // Table 1 of the annual report (第二十条第（一）项): the 规章 and 行政规范性文件 made public, of one
    // agency or of a whole province, without reading every document's text.
    index('documents_table1_idx')
      .on(t.agencyId)
      .where(sql`${t.kind} <> 'other' and ${t.status} in ('published', 'repealed')`),
    index('documents_search_idx').using('gin', t.searchVector),
    index('documents_published_idx').on(t.status, t.publishedDate),
    index('documents_subcategory_idx').on(t.subcategoryId),
    // A sub-category of the document's own agency; a statutory category is never stored beside it.
    foreignKey({ columns: [t.subcategoryId, t.agencyId], foreignColumns: [catalogueSubcategories.id, catalogueSubcategories.agencyId], name: 'documents_subcategory_fk' }),
    check('documents_category_once', sql`${t.category} is null or ${t.subcategoryId} is null`),
  ],
);

export const documentVersions = pgTable(
  'document_versions',
  {
    id: serial('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    note: text('note'),
    changedBy: integer('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** What made this version: create | edit | publish | withdraw | repeal | import */
    action: text('action'),
    /** The document's status after the change. */
    status: text('status'),
    /** Every field of the document after the change (src/app/portal/documents.ts DocumentSnapshot). */
    snapshot: jsonb('snapshot'),
  },
  (t) => [uniqueIndex('document_versions_uq').on(t.documentId, t.version)],
);

/** Year figures entered where no system feeds them (licensing, penalty, coercion, fees_wan_yuan). */
export const figures = pgTable(
  'figures',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    item: text('item').notNull(),
    /** A count, or an amount in 万元 to six decimals (one 分: src/domain/report/amount.ts). */
    value: numeric('value', { precision: 20, scale: 6, mode: 'number' }).notNull(),
    /** Where the number comes from (system name, file, person). */
    source: text('source'),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('figures_uq').on(t.agencyId, t.year, t.item)],
);

/** Annual reports: one row per version; a published version is never changed (a revision is a new version). */
export const reports = pgTable(
  'reports',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    version: integer('version').notNull().default(1),
    /** draft | submitted | returned | cleared | published */
    status: text('status').notNull().default('draft'),
    /** The ReportModel (src/domain/report/model.ts). */
    model: jsonb('model').notNull(),
    /** Prose sections keyed by section (overview, problems, other…). */
    prose: jsonb('prose').notNull().default(sql`'{}'::jsonb`),
    findings: jsonb('findings').notNull().default(sql`'[]'::jsonb`),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    returnNote: text('return_note'),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** 更正说明 of a revised version. */
    correctionNote: text('correction_note'),
    /** `agency` (a department's own report) or `rollup` (a supervisor's 汇总 of the reports below it). */
    kind: text('kind', { enum: ['agency', 'rollup'] }).notNull().default('agency'),
    /** Cell key → ids of the applications / appeals behind it, frozen with the model (compile.ts ReportSources). */
    sources: jsonb('sources').notNull().default(sql`'{}'::jsonb`),
    /** A roll-up's parts: [{ agencyCode, agencyName, version, status }]. */
    parts: jsonb('parts'),
    /** 点击数 on the portal page. */
    viewCount: integer('view_count').notNull().default(0),
    /** 发布日期 (Asia/Shanghai calendar date) — what the portal shows and deadline.late compares. */
    publishedDate: date('published_date', { mode: 'string' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reports_uq').on(t.agencyId, t.year, t.version)],
);

/** The working-day calendar, one row per year (holidays and 调休 make-up days as data). */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  schedule: jsonb('schedule').notNull(),
  /** e.g. 国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号） */
  source: text('source'),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Reply-letter templates (告知书); agency null = the installation's default for that kind. */
export const letterTemplates = pgTable(
  'letter_templates',
  {
    id: serial('id').primaryKey(),
    agencyId: integer('agency_id').references(() => agencies.id),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('letter_templates_idx').on(t.agencyId, t.kind)],
);

/**
 * Reply letters (答复文书) generated for an application: the 文号 sequence per agency and year, the
 * kind, and the data the letter was rendered from (so it renders again identically as DOCX or PDF).
 */
export const applicationLetters = pgTable(
  'application_letters',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** A ReplyLetterKind of src/domain/letters. */
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    /** The printed 文号, e.g. 通政数公开〔2026〕第3号. */
    number: text('number').notNull(),
    letterDate: date('letter_date', { mode: 'string' }).notNull(),
    /** The LetterData it was rendered from, and the template override in force then. */
    data: jsonb('data').notNull(),
    template: jsonb('template'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('application_letters_number_uq').on(t.agencyId, t.year, t.seq),
    index('application_letters_app_idx').on(t.applicationId),
  ],
);

/** Who did what, when: append-only (a trigger refuses UPDATE and DELETE). Write via recordAudit(). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    detail: jsonb('detail').notNull().default(sql`'{}'::jsonb`),
    ip: text('ip'),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId)],
);
