/**
 * The shared fixtures: `../shared/fixtures/` beside the repository (as laid for developers and CI),
 * or GONGKAI_SHARED_DIR when set. Every test reads them through this module.
 */
import fs from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const SHARED_DIR = process.env.GONGKAI_SHARED_DIR ?? path.resolve(REPO_ROOT, '../shared');

/** The seed: 通化市政务服务和数字化建设管理局's 2023 annual report, as scraped from its portal page. */
export const SEED_REPORT = path.join(SHARED_DIR, 'fixtures/tonghua-zhengshuju-2023-annual-report.txt');

/** contracts.md §5: made-up reports in the layouts the web prints them in, each with its truth JSON. */
export const REPORT_SHAPES_DIR = path.join(SHARED_DIR, 'fixtures/report-shapes');

type TruthCell = number | null;
/** A report-shape truth file (its README): the model as printed, plus the planted defects. */
export interface ShapeTruth {
  file: string;
  format: '2021' | '2019';
  year: number;
  agency: string;
  published: string | null;
  proactive: null | {
    rules: Record<'issued' | 'repealed' | 'in_force', TruthCell>;
    normative: Record<'issued' | 'repealed' | 'in_force', TruthCell>;
    licensing: TruthCell;
    penalty: TruthCell;
    coercion: TruthCell;
    fees_wan_yuan: TruthCell;
  };
  applications: Record<string, Record<string, TruthCell>>;
  appeals: Record<string, Record<string, TruthCell>>;
  uncertain: string[];
  defects: Array<{ code: string; where: string; detail: string; expected: boolean }>;
  truncated?: boolean;
}

export interface ShapeFixture {
  /** File name (e.g. `fused-textcontent-2022.txt`). */
  name: string;
  path: string;
  /** The document as bytes (the auditor sniffs text vs HTML). */
  bytes: Buffer;
  truth: ShapeTruth;
}

/** Every report-shape fixture with its truth, sorted by name. */
export function reportShapes(): ShapeFixture[] {
  return fs
    .readdirSync(REPORT_SHAPES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((json) => {
      const truth = JSON.parse(fs.readFileSync(path.join(REPORT_SHAPES_DIR, json), 'utf8')) as ShapeTruth;
      const file = path.join(REPORT_SHAPES_DIR, truth.file);
      return { name: truth.file, path: file, bytes: fs.readFileSync(file), truth };
    });
}
