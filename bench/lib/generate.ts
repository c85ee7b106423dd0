/**
 * The seeded generator of a province for the benchmarks (issue 9). Nothing it makes is committed:
 * the same seed and sizes give the same province, byte for byte, on every machine.
 *
 *   const p = new Province({ seed: 42, agencies: 5000, applications: 1_000_000 });
 *   p.agencies                       // the tree: province → cities → counties → departments / towns
 *   p.agencyData(i)                  // applications (with event histories), appeals, documents, figures
 *   p.reportFacts(i, 2023)           // what the compiler takes for one agency-year
 *
 * Each agency's data comes from its own PRNG stream (seed × agency index), so one agency can be
 * generated without the others and the province can be streamed agency by agency.
 *
 * Histories follow the Regulations so that the clock accepts every one of them: receipt by channel
 * (第三十一条), 补正 within 7 WD and its lapse after the period (第三十条), consultations
 * (第三十二条、第三十四条), fees and their lapse (第四十二条), one extension before the due date
 * (第三十三条第二款), a decision with one of the 21 outcome leaves, delivery, withdrawal.
 */
import { defaultCalendar, addCalendarDays, toDayNumber, fromDayNumber, type Calendar } from '../../src/domain/calendar/index.ts';
import type { ClockEvent } from '../../src/domain/clock/events.ts';
import {
  APPLICANT_TYPES,
  type AppealKind,
  type AppealResult,
  type ApplicantType,
  type Channel,
  type OutcomeCode,
} from '../../src/domain/taxonomy/index.ts';
import type { ReportFacts } from '../../src/domain/report/compile.ts';
import {
  CATEGORIES,
  CITY_NAMES,
  COMPANIES,
  COUNTY_SUFFIXES,
  DEPARTMENTS,
  DOC_FORMS,
  GIVEN,
  PROVINCE_NAME,
  SENTENCES,
  SUBJECTS,
  SURNAMES,
  TOPICS,
  TOWN_SUFFIXES,
  TOWN_SYLLABLES,
} from './corpus.ts';

// ------------------------------------------------------------------------------------ PRNG

/** sfc32: a small, fast, well-distributed 32-bit PRNG (PractRand-clean), seeded by splitmix32. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number, stream = 0) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Log-normal with the given median and spread (σ of the log). */
  logNormal(median: number, sigma: number): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return median * Math.exp(sigma * z);
  }
}

/** A weighted choice table, drawn with one uniform number. */
export class Weighted<T> {
  private readonly items: T[];
  private readonly cum: number[];
  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.items = entries.map((e) => e[0]);
    let sum = 0;
    this.cum = entries.map((e) => (sum += e[1]));
    for (let i = 0; i < this.cum.length; i++) this.cum[i] /= sum;
  }
  draw(rng: Rng): T {
    const u = rng.next();
    for (let i = 0; i < this.cum.length; i++) if (u < this.cum[i]) return this.items[i];
    return this.items[this.items.length - 1];
  }
}

// ------------------------------------------------------------------------------------ shapes

export type AgencyLevel = 'province' | 'city' | 'county' | 'department' | 'town';

export interface GenAgency {
  index: number;
  code: string;
  name: string;
  parentCode: string | null;
  level: AgencyLevel;
  /** Relative application load. */
  weight: number;
  /** May issue 规章 (a government of a province or a city: 立法法第九十三条). */
  issuesRules: boolean;
}

export interface GenApplication {
  id: string;
  agencyCode: string;
  number: string;
  applicantType: ApplicantType;
  applicantName: string;
  channel: Channel;
  subject: string;
  events: ClockEvent[];
  /** The truth the events encode (the clock must derive the same). */
  receiptDate: string | null;
  decisionDate: string | null;
  outcome: OutcomeCode | null;
  withdrawnDate: string | null;
}

export interface GenAppeal {
  id: string;
  agencyCode: string;
  applicationId: string;
  number: string;
  kind: AppealKind;
  filedDate: string;
  concludedDate: string | null;
  result: AppealResult;
}

export interface GenDocument {
  id: string;
  agencyCode: string;
  title: string;
  docNumber: string;
  kind: 'rule' | 'normative' | 'other';
  issuedDate: string;
  repealedDate: string | null;
  publishedDate: string;
  category: string;
  body: string;
}

export interface GenFigures {
  agencyCode: string;
  year: number;
  licensing: number;
  penalty: number;
  coercion: number;
  fees_wan_yuan: number;
}

export interface AgencyData {
  agency: GenAgency;
  applications: GenApplication[];
  appeals: GenAppeal[];
  documents: GenDocument[];
  figures: GenFigures[];
}

export interface ProvinceOptions {
  seed: number;
  agencies: number;
  /** Applications over the three years, across all agencies. */
  applications: number;
  /** Documents across all agencies (default: 20 per agency). */
  documents?: number;
  /** The three report years (default 2022–2024). */
  firstYear?: number;
  years?: number;
  /** Events after this day have not happened yet (default: 20 January after the last year). */
  asOf?: string;
}

// ------------------------------------------------------------------------------------ distributions

/** Receipt channels (第三十一条): online dominates, as in the published reports. */
const CHANNEL_TABLE = new Weighted<Channel>([
  ['online', 55],
  ['in_person', 20],
  ['mail_signed', 15],
  ['mail_unsigned', 3],
  ['email', 5],
  ['fax', 2],
]);

const APPLICANT_TABLE = new Weighted<ApplicantType>([
  ['natural', 85],
  ['org.business', 8.5],
  ['org.research', 0.5],
  ['org.public_interest', 0.5],
  ['org.legal_service', 2.5],
  ['org.other', 3],
]);

/** Outcomes of a decided application (the lapse leaves come from the histories, not from here). */
const OUTCOME_TABLE = new Weighted<OutcomeCode>([
  ['public', 45],
  ['partial', 8],
  ['withheld.state_secret', 0.1],
  ['withheld.prohibited', 0.3],
  ['withheld.security_stability', 0.2],
  ['withheld.third_party', 2],
  ['withheld.internal_affairs', 1],
  ['withheld.process_info', 1.5],
  ['withheld.enforcement_file', 0.5],
  ['withheld.inquiry', 0.4],
  ['unavailable.not_held', 22],
  ['unavailable.needs_creation', 3],
  ['unavailable.unclear_after_correction', 0], // only after a 补正 (drawn there)
  ['not_handled.petition', 4],
  ['not_handled.duplicate', 2],
  ['not_handled.publication', 0.5],
  ['not_handled.excessive', 0.3],
  ['not_handled.confirmation', 1],
  ['other.other', 2],
]);

const APPEAL_RESULT_TABLE = new Weighted<Exclude<AppealResult, 'pending'>>([
  ['upheld', 70],
  ['corrected', 15],
  ['other', 15],
]);

const LEVEL_WEIGHT: Record<AgencyLevel, number> = { province: 4, city: 2.5, county: 1, department: 1, town: 0.25 };

// ------------------------------------------------------------------------------------ agencies

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The agency tree, parents before children: the province government and its departments, then per
 * city its government, departments and counties (each with its government, departments and towns).
 * Exactly `count` agencies.
 */
export function generateAgencies(count: number, seed: number): GenAgency[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`机关数量无效：${count}`);
  const rng = new Rng(seed, 0x5eed);
  const out: GenAgency[] = [];
  const add = (code: string, name: string, parentCode: string | null, level: AgencyLevel, deptWeight: number, issuesRules: boolean) => {
    if (out.length >= count) return;
    const weight = LEVEL_WEIGHT[level] * deptWeight * rng.logNormal(1, 0.6);
    out.push({ index: out.length, code, name, parentCode, level, weight, issuesRules });
  };
  const cities = Math.max(1, Math.min(CITY_NAMES.length, Math.round(count / 400)));
  const perCity = (count - 1 - DEPARTMENTS.length) / cities;
  const cityDepts = Math.min(DEPARTMENTS.length, 30);
  const countyDepts = 25;
  const towns = 10;
  const counties = Math.max(1, Math.min(COUNTY_SUFFIXES.length, Math.round((perCity - 1 - cityDepts) / (1 + countyDepts + towns))));

  add('220000', `${PROVINCE_NAME}人民政府`, null, 'province', 1, true);
  const provShort = PROVINCE_NAME.slice(0, -1);
  DEPARTMENTS.forEach(([name, , w], i) => add(`220000-D${pad(i + 1, 2)}`, `${PROVINCE_NAME}${name.replace(/局$/, '厅')}`, '220000', 'department', w * 3, false));
  const countyGovs: Array<{ code: string; name: string }> = [];
  for (let c = 0; c < cities && out.length < count; c++) {
    const cityCode = `22${pad(c + 1, 2)}00`;
    const cityName = CITY_NAMES[c];
    add(cityCode, `${cityName}人民政府`, '220000', 'city', 1, true);
    for (let d = 0; d < cityDepts; d++) {
      const [name, , w] = DEPARTMENTS[d];
      add(`${cityCode}-D${pad(d + 1, 2)}`, `${cityName}${name}`, cityCode, 'department', w * 1.8, false);
    }
    for (let k = 0; k < counties && out.length < count; k++) {
      const countyCode = `22${pad(c + 1, 2)}${pad(k + 1, 2)}`;
      const countyName = `${cityName.slice(0, -1)}${COUNTY_SUFFIXES[k]}`;
      countyGovs.push({ code: countyCode, name: countyName });
      add(countyCode, `${countyName}人民政府`, cityCode, 'county', 1, false);
      for (let d = 0; d < countyDepts; d++) {
        const [name, , w] = DEPARTMENTS[d];
        add(`${countyCode}-D${pad(d + 1, 2)}`, `${countyName}${name}`, countyCode, 'department', w, false);
      }
      for (let t = 0; t < towns; t++) {
        add(`${countyCode}-T${pad(t + 1, 3)}`, townName(c * 1000 + k * 50 + t), countyCode, 'town', 1, false);
      }
    }
  }
  // Fill up with more towns, county by county.
  for (let t = towns; out.length < count; t++) {
    for (const county of countyGovs) {
      add(`${county.code}-T${pad(t + 1, 3)}`, townName(t * 7919 + out.length), county.code, 'town', 1, false);
      if (out.length >= count) break;
    }
    if (countyGovs.length === 0) add(`220000-X${pad(out.length, 5)}`, `${provShort}直属机构${out.length}`, '220000', 'department', 0.3, false);
  }
  return out;
}

function townName(n: number): string {
  const s = TOWN_SYLLABLES;
  const a = s[n % s.length];
  const b = s[Math.floor(n / s.length) % s.length];
  const suffix = TOWN_SUFFIXES[Math.floor(n / (s.length * s.length)) % TOWN_SUFFIXES.length];
  return `${a}${b === a ? s[(n + 7) % s.length] : b}${suffix}`;
}

/** Splits `total` among the agencies in proportion to their weights (largest remainder). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]]++;
  return counts;
}

// ------------------------------------------------------------------------------------ the province

export class Province {
  readonly options: Required<Omit<ProvinceOptions, 'asOf'>> & { asOf: string };
  readonly agencies: GenAgency[];
  /** Applications per agency over the three years. */
  readonly applicationCounts: number[];
  readonly documentCounts: number[];
  readonly yearsList: number[];
  readonly calendar: Calendar;
  private readonly byCode: Map<string, GenAgency>;

  constructor(options: ProvinceOptions, calendar: Calendar = defaultCalendar) {
    const firstYear = options.firstYear ?? 2022;
    const years = options.years ?? 3;
    this.options = {
      seed: options.seed,
      agencies: options.agencies,
      applications: options.applications,
      documents: options.documents ?? options.agencies * 20,
      firstYear,
      years,
      asOf: options.asOf ?? `${firstYear + years}-01-20`,
    };
    this.calendar = calendar;
    this.yearsList = Array.from({ length: years }, (_, i) => firstYear + i);
    this.agencies = generateAgencies(options.agencies, options.seed);
    this.applicationCounts = allocate(options.applications, this.agencies.map((a) => a.weight));
    this.documentCounts = allocate(this.options.documents, this.agencies.map((a) => Math.sqrt(a.weight) * (a.level === 'town' ? 0.5 : 1)));
    this.byCode = new Map(this.agencies.map((a) => [a.code, a]));
  }

  agency(code: string): GenAgency {
    const a = this.byCode.get(code);
    if (!a) throw new Error(`生成的省份中没有机关 ${code}`);
    return a;
  }

  /** Everything of one agency, from its own PRNG stream. */
  agencyData(index: number): AgencyData {
    const agency = this.agencies[index];
    const rng = new Rng(this.options.seed, index + 1);
    const applications = generateApplications(rng, agency, this.applicationCounts[index], this.yearsList, this.options.asOf, this.calendar);
    const appeals = generateAppeals(rng, agency, applications, this.options.asOf);
    const documents = generateDocuments(new Rng(this.options.seed ^ 0x0d0c, index + 1), agency, this.documentCounts[index], this.yearsList[this.yearsList.length - 1]);
    const figures = this.yearsList.map((year) => generateFigures(rng, agency, year));
    return { agency, applications, appeals, documents, figures };
  }

  /** The agency with the largest application load (the worst case of one agency-year). */
  busiestAgency(): number {
    let best = 0;
    for (let i = 1; i < this.applicationCounts.length; i++) if (this.applicationCounts[i] > this.applicationCounts[best]) best = i;
    return best;
  }

  /** The compiler's input for one agency-year, straight from the generated truth. */
  reportFacts(data: AgencyData, year: number): ReportFacts {
    return toReportFacts(data, year);
  }

  *[Symbol.iterator](): Generator<AgencyData> {
    for (let i = 0; i < this.agencies.length; i++) yield this.agencyData(i);
  }
}

export function toReportFacts(data: AgencyData, year: number): ReportFacts {
  const f = data.figures.find((x) => x.year === year) ?? { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 };
  return {
    agency: { name: data.agency.name, code: data.agency.code },
    year,
    applications: data.applications.map((a) => ({
      id: a.id,
      applicantType: a.applicantType,
      receiptDate: a.receiptDate,
      decisionDate: a.decisionDate,
      outcome: a.outcome,
      withdrawnDate: a.withdrawnDate,
    })),
    appeals: data.appeals.map((x) => ({ id: x.id, kind: x.kind, filedDate: x.filedDate, concludedDate: x.concludedDate, result: x.result })),
    documents: data.documents.map((d) => ({ id: d.id, kind: d.kind, issuedDate: d.issuedDate, repealedDate: d.repealedDate })),
    figures: { licensing: f.licensing, penalty: f.penalty, coercion: f.coercion, fees_wan_yuan: f.fees_wan_yuan },
  };
}

// ------------------------------------------------------------------------------------ applications

function needsConfirmation(channel: Channel): boolean {
  return channel !== 'in_person' && channel !== 'mail_signed';
}

/** The next working day on or after `date`. */
function workdayOnOrAfter(cal: Calendar, date: string): string {
  return cal.isWorkday(date) ? date : cal.addWorkingDays(date, 1);
}

function applicantName(rng: Rng, type: ApplicantType): string {
  if (type === 'natural') return `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`;
  const city = rng.pick(CITY_NAMES).slice(0, -1);
  if (type === 'org.legal_service') return `${city}${rng.pick(SURNAMES)}${rng.pick(GIVEN)}律师事务所`;
  return `${city}${rng.pick(TOWN_SYLLABLES)}${rng.pick(TOWN_SYLLABLES)}${rng.pick(COMPANIES)}`;
}

/**
 * `count` applications submitted uniformly over the years (in-person and signed mail on working
 * days), with their event histories cut at `asOf`.
 */
export function generateApplications(
  rng: Rng,
  agency: GenAgency,
  count: number,
  years: readonly number[],
  asOf: string,
  cal: Calendar = defaultCalendar,
): GenApplication[] {
  const first = toDayNumber(`${years[0]}-01-01`);
  const last = toDayNumber(`${years[years.length - 1]}-12-31`);
  const submittedDays: number[] = [];
  for (let i = 0; i < count; i++) submittedDays.push(rng.int(first, last));
  submittedDays.sort((a, b) => a - b);
  const seqByYear = new Map<number, number>();
  const apps: GenApplication[] = [];
  for (let i = 0; i < count; i++) {
    const channel = CHANNEL_TABLE.draw(rng);
    let submitted = fromDayNumber(submittedDays[i]);
    if (channel === 'in_person' || channel === 'mail_signed' || channel === 'fax') submitted = workdayOnOrAfter(cal, submitted);
    const year = Number(submitted.slice(0, 4));
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const applicantType = APPLICANT_TABLE.draw(rng);
    const app: GenApplication = {
      id: `${agency.code}/${year}/${seq}`,
      agencyCode: agency.code,
      number: `${year}-${pad(seq, 5)}`,
      applicantType,
      applicantName: applicantName(rng, applicantType),
      channel,
      subject: rng.pick(SUBJECTS),
      events: [],
      receiptDate: null,
      decisionDate: null,
      outcome: null,
      withdrawnDate: null,
    };
    history(rng, app, submitted, asOf, cal);
    apps.push(app);
  }
  return apps;
}

/** Builds one history; events on or before `asOf` only, and the truth fields to match. */
function history(rng: Rng, app: GenApplication, submitted: string, asOf: string, cal: Calendar): void {
  const ev = app.events;
  const push = (e: ClockEvent): boolean => {
    if (e.date > asOf) return false;
    ev.push(e);
    return true;
  };
  push({ type: 'submitted', date: submitted, channel: app.channel });
  let receipt = submitted;
  if (needsConfirmation(app.channel)) {
    // 第三十一条: the day both sides confirmed; ordinary letters on the day they arrive.
    receipt = app.channel === 'mail_unsigned' ? submitted : cal.addWorkingDays(workdayOnOrAfter(cal, submitted), rng.chance(0.5) ? 0 : rng.int(1, 2));
    if (!push({ type: 'receipt_confirmed', date: receipt })) return;
  }
  app.receiptDate = receipt;
  let periodStart = receipt;
  let t = receipt; // the last event's day

  // Withdrawal before any decision (5%).
  if (rng.chance(0.05)) {
    const w = cal.addWorkingDays(receipt, rng.int(1, 10));
    if (push({ type: 'withdrawn', date: w })) app.withdrawnDate = w;
    return;
  }

  // 补正 (8%): notice within 7 WD (第三十条), then the corrected application or a lapse.
  let correctionUnclear = false;
  if (rng.chance(0.08)) {
    const requested = cal.addWorkingDays(receipt, rng.int(1, 7));
    if (!push({ type: 'correction_requested', date: requested, periodWorkingDays: 15 })) return;
    const deadline = cal.addWorkingDays(requested, 15);
    if (rng.chance(0.8)) {
      const received = cal.addWorkingDays(requested, rng.int(1, 14));
      if (!push({ type: 'correction_received', date: received })) return;
      periodStart = t = received;
      correctionUnclear = rng.chance(0.12);
    } else {
      const lapsed = cal.addWorkingDays(deadline, rng.int(1, 3));
      if (push({ type: 'decided', date: lapsed, outcome: 'other.correction_lapsed' })) {
        app.decisionDate = lapsed;
        app.outcome = 'other.correction_lapsed';
        deliver(rng, app, lapsed, asOf);
      }
      return;
    }
  }
  let budget = 20; // working days from periodStart the agency will take at most
  let excluded = 0;

  // Consultation (4%): third party (第三十二条) or another agency (第三十四条); excluded from the period.
  if (rng.chance(0.04)) {
    const sent = cal.addWorkingDays(periodStart, rng.int(1, 5));
    if (!push({ type: 'consultation_sent', date: sent, party: rng.chance(0.7) ? 'third_party' : 'agency' })) return;
    const wait = rng.int(3, 15);
    if (!push({ type: 'consultation_answered', date: cal.addWorkingDays(sent, wait) })) return;
    excluded += wait;
    t = cal.addWorkingDays(sent, wait);
  }
  // Fee (1%): notice, then payment or a lapse after 20 WD (第四十二条).
  if (rng.chance(0.01)) {
    const notice = cal.addWorkingDays(t > periodStart ? t : periodStart, rng.int(1, 3));
    if (!push({ type: 'fee_notice_sent', date: notice, amount: 100 * rng.int(1, 5) })) return;
    if (rng.chance(0.3)) {
      const lapsed = cal.addWorkingDays(notice, 21);
      if (push({ type: 'decided', date: lapsed, outcome: 'other.fee_lapsed' })) {
        app.decisionDate = lapsed;
        app.outcome = 'other.fee_lapsed';
        deliver(rng, app, lapsed, asOf);
      }
      return;
    }
    const wait = rng.int(1, 15);
    const paid = cal.addWorkingDays(notice, wait);
    if (!push({ type: 'fee_paid', date: paid })) return;
    excluded += wait;
    t = paid;
  }
  // Extension (3%), approved before the due date (第三十三条第二款).
  if (rng.chance(0.03)) {
    const approved = cal.addWorkingDays(periodStart, Math.min(19, excluded + rng.int(10, 18)));
    if (approved > t) {
      if (!push({ type: 'extension_approved', date: approved, workingDays: 20 })) return;
      budget += 20;
      t = approved;
    }
  }
  // Decision: 当场答复 for a few in-person requests, otherwise within the period (a skew to its end).
  const outcome: OutcomeCode = correctionUnclear ? 'unavailable.unclear_after_correction' : OUTCOME_TABLE.draw(rng);
  let decided: string;
  if (app.channel === 'in_person' && periodStart === receipt && t === receipt && rng.chance(0.05)) decided = receipt;
  else {
    const earliest = cal.workingDaysBetween(periodStart, t) + 1;
    const wd = Math.max(earliest, Math.round(budget * Math.sqrt(rng.next())) + excluded);
    decided = cal.addWorkingDays(periodStart, Math.min(wd, budget + excluded));
    if (decided <= t) decided = cal.addWorkingDays(t, 1);
  }
  if (!push({ type: 'decided', date: decided, outcome })) return;
  app.decisionDate = decided;
  app.outcome = outcome;
  deliver(rng, app, decided, asOf);
}

function deliver(rng: Rng, app: GenApplication, decided: string, asOf: string): void {
  const d = addCalendarDays(decided, rng.int(0, 4));
  if (d <= asOf) app.events.push({ type: 'delivered', date: d });
}

// ------------------------------------------------------------------------------------ appeals

const APPEALABLE = /^(withheld|unavailable|not_handled|partial)/;

/** 行政复议 / 行政诉讼 against some decisions; 不予公开 goes to 复议 first (行政复议法第二十三条). */
export function generateAppeals(rng: Rng, agency: GenAgency, applications: readonly GenApplication[], asOf: string): GenAppeal[] {
  const out: GenAppeal[] = [];
  for (const app of applications) {
    if (!app.outcome || !app.decisionDate || !APPEALABLE.test(app.outcome) || !rng.chance(0.06)) continue;
    const reconsiderationFirst = app.outcome.startsWith('withheld');
    const kind: AppealKind = reconsiderationFirst || rng.chance(0.8) ? 'reconsideration' : 'litigation_direct';
    const add = (kind: AppealKind, filed: string) => {
      if (filed > asOf) return null;
      const concluded = addCalendarDays(filed, rng.int(30, kind === 'reconsideration' ? 90 : 180));
      const done = concluded <= asOf;
      const appeal: GenAppeal = {
        id: `${app.id}/${kind}`,
        agencyCode: agency.code,
        applicationId: app.id,
        number: `${kind === 'reconsideration' ? '复' : '诉'}${app.number}`,
        kind,
        filedDate: filed,
        concludedDate: done ? concluded : null,
        result: done ? APPEAL_RESULT_TABLE.draw(rng) : 'pending',
      };
      out.push(appeal);
      return appeal;
    };
    const first = add(kind, addCalendarDays(app.decisionDate, rng.int(5, 55)));
    if (first && first.kind === 'reconsideration' && first.result === 'upheld' && first.concludedDate && rng.chance(0.2)) {
      add('litigation_after_reconsideration', addCalendarDays(first.concludedDate, rng.int(3, 14)));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------ documents

/** Documents of one agency: mostly `other`, some 行政规范性文件, 规章 only where the agency may issue them. */
export function generateDocuments(rng: Rng, agency: GenAgency, count: number, lastYear: number): GenDocument[] {
  const out: GenDocument[] = [];
  const abbr = agency.name.slice(0, 2);
  const first = toDayNumber(`${lastYear - 9}-01-01`);
  const last = toDayNumber(`${lastYear}-12-31`);
  for (let i = 0; i < count; i++) {
    const u = rng.next();
    const kind: GenDocument['kind'] = agency.issuesRules && u < 0.02 ? 'rule' : u < 0.08 ? 'normative' : 'other';
    const issued = fromDayNumber(rng.int(first, last));
    const year = issued.slice(0, 4);
    const repealed = kind !== 'other' && rng.chance(0.12) ? fromDayNumber(Math.min(last, toDayNumber(issued) + rng.int(180, 2500))) : null;
    const topic = rng.pick(TOPICS);
    const form = kind === 'rule' ? rng.pick(['管理办法', '实施办法', '规定']) : rng.pick(DOC_FORMS);
    const sentences: string[] = [];
    const n = rng.int(3, 9);
    for (let s = 0; s < n; s++) sentences.push(rng.pick(SENTENCES));
    out.push({
      id: `${agency.code}/doc/${i + 1}`,
      agencyCode: agency.code,
      title: `${agency.name}关于${topic}的${form}`,
      docNumber: `${abbr}${kind === 'rule' ? '令' : '发'}〔${year}〕${rng.int(1, 120)}号`,
      kind,
      issuedDate: issued,
      repealedDate: repealed,
      publishedDate: fromDayNumber(Math.min(last, toDayNumber(issued) + rng.int(0, 20))),
      category: rng.pick(CATEGORIES),
      body: sentences.join(''),
    });
  }
  return out;
}

/** 第二十条第（五）（六）（八）项 figures of one agency-year. */
export function generateFigures(rng: Rng, agency: GenAgency, year: number): GenFigures {
  const scale = agency.level === 'town' ? 0.1 : agency.level === 'province' || agency.level === 'city' ? 0.5 : 1;
  return {
    agencyCode: agency.code,
    year,
    licensing: Math.round(rng.logNormal(300 * scale, 1.2)),
    penalty: Math.round(rng.logNormal(80 * scale, 1.3)),
    coercion: Math.round(rng.logNormal(5 * scale, 1.5)),
    fees_wan_yuan: Math.round(rng.logNormal(20 * scale, 1.5) * 100) / 100,
  };
}

/** All applicant types, re-exported for the benchmarks' own aggregates. */
export { APPLICANT_TYPES };
