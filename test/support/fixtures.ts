/**
 * The shared fixtures: `../shared/fixtures/` beside the repository (as laid for developers and CI),
 * or GONGKAI_SHARED_DIR when set.
 */
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const SHARED_DIR = process.env.GONGKAI_SHARED_DIR ?? path.resolve(REPO_ROOT, '../shared');

/** The seed: 通化市政务服务和数字化建设管理局's 2023 annual report, as scraped from its portal page. */
export const SEED_REPORT = path.join(SHARED_DIR, 'fixtures/tonghua-zhengshuju-2023-annual-report.txt');
