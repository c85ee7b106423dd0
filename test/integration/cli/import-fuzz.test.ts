/**
 * The command line's importers under malformed files (issue 16 follow-up): `gongkai import
 * applications|appeals|documents|figures FILE.csv` and `gongkai calendar import FILE` as child
 * processes on an embedded database, with generated files in the wrong encoding (Latin-1, UTF-16
 * without a BOM, GBK cut in half, random bytes), with BOMs where none belongs, unbalanced quotes,
 * huge fields, formula prefixes, NUL bytes, ragged rows and odd line ends. Every file also carries a
 * row that can never be imported, so each must be refused: exit code 1, one line that says why in
 * Chinese, never a stack trace — and at the end no table holds a row more than before (no partial
 * import). Seeded (FUZZ_SEED), bounded (GONGKAI_FUZZ_RUNS files per importer).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../../src/db/index.ts';
import { rowCounts } from '../../support/hostile.ts';

const RUNS = Number(process.env.GONGKAI_FUZZ_RUNS ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? 16_2026);
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-import-fuzz-'));
const data = path.join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gongkai(...args: string[]) {
  return run(process.execPath, ['bin/gongkai.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, GONGKAI_DATA_DIR: data, DATABASE_URL: '', GONGKAI_TODAY: '2024-06-01', GONGKAI_DEBUG: '' },
    timeout: 170_000,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string; killed?: boolean }) => ({ code: e.killed ? -1 : e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

async function counts() {
  const database = await openDatabase({ dataDir: data });
  try {
    return await rowCounts(database.db);
  } finally {
    await database.close();
  }
}

interface Importer {
  args: string[];
  header: string[];
  good: string[];
  /** A row no file may import (an agency that does not exist). */
  never: string[];
}

const IMPORTERS: Importer[] = [
  {
    args: ['import', 'applications'],
    header: ['agency_code', 'number', 'applicant_type', 'channel', 'received_date', 'decided_date', 'outcome', 'applicant_name', 'subject'],
    good: ['220500-zsj', 'FZ-1', 'natural', 'online', '2024-03-01', '2024-03-20', 'public', '张三', '预算'],
    never: ['no-such-agency', 'FZ-2', 'natural', 'online', '2024-03-01', '', '', '李四', '信息'],
  },
  {
    args: ['import', 'appeals'],
    header: ['agency_code', 'number', 'kind', 'filed_date', 'concluded_date', 'result'],
    good: ['220500-zsj', 'FZA-1', 'reconsideration', '2024-04-01', '', 'pending'],
    never: ['no-such-agency', 'FZA-2', 'reconsideration', '2024-04-01', '', 'pending'],
  },
  {
    args: ['import', 'documents'],
    header: ['agency_code', 'title', 'doc_number', 'kind', 'issued_date', 'repealed_date', 'published_date', 'category', 'body'],
    good: ['220500-zsj', '测试文件', '通政发〔2024〕1号', 'other', '2024-01-02', '', '2024-01-03', '', '正文'],
    never: ['no-such-agency', '另一文件', '', 'other', '2024-01-02', '', '2024-01-03', '', '正文'],
  },
  {
    args: ['import', 'figures'],
    header: ['agency_code', 'year', 'item', 'value'],
    good: ['220500-zsj', '2023', 'licensing', '12'],
    never: ['no-such-agency', '2023', 'penalty', '3'],
  },
  {
    args: ['calendar', 'import', '--notice', '国办发明电〔2030〕1号'],
    header: ['date', 'kind', 'name'],
    good: ['2031-01-01', 'holiday', '元旦'],
    never: ['2031-02-30', 'holiday', '春节'],
  },
];

/** A cell's damage: what a spreadsheet, a careless script or an attacker puts in a field. */
const badCell = fc.oneof(
  fc.constantFrom('=HYPERLINK("http://evil.example","点")', '+1+1', '-2+3', '@SUM(A1:A9)', "'=x", '\t=1', '\u0000', 'a\u0000b', '"', 'a"b', '"unterminated', '\r', '\n', '\ufeff', '\ud800', '2024-02-30', '１２', '1e309', '-1', ' ', ''),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer({ min: 100_000, max: 3_000_000 }).map((n) => '字'.repeat(n)),
);

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** How the text turns into bytes (or the bytes are spoiled). */
const encoding = fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16le-no-bom', 'latin1', 'gbk-cut', 'bom-twice', 'random-tail');

function bytesOf(text: string, how: string, noise: Uint8Array): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  switch (how) {
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16le-no-bom':
      return Buffer.from(text, 'utf16le');
    case 'latin1':
      return Buffer.concat([utf8, Buffer.from('\n\xe9\xe8\xff,caf\xe9', 'latin1')]);
    case 'gbk-cut':
      return Buffer.concat([utf8, Buffer.from([0x0a, 0xd6, 0xd0, 0xce])]);
    case 'bom-twice':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), utf8]);
    case 'random-tail':
      return Buffer.concat([utf8, Buffer.from(noise)]);
    default:
      return utf8;
  }
}

function malformedFile(imp: Importer) {
  return fc
    .record({
      column: fc.nat({ max: imp.header.length - 1 }),
      cell: badCell,
      shape: fc.constantFrom('as is', 'extra column', 'missing column', 'header twice', 'no header', 'CR line ends', 'CRLF', 'blank lines', 'quoted header', 'header only + never'),
      how: encoding,
      noise: fc.uint8Array({ minLength: 1, maxLength: 64 }),
      neverFirst: fc.boolean(),
    })
    .map((g) => {
      const bad = imp.good.map((v, i) => (i === g.column ? g.cell : v));
      let rows = g.neverFirst ? [imp.never, imp.good, bad] : [imp.good, bad, imp.never];
      let header = imp.header.map(quote).join(',');
      if (g.shape === 'extra column') rows = rows.map((r) => [...r, '多余']);
      if (g.shape === 'missing column') rows = rows.map((r) => r.slice(0, -1));
      if (g.shape === 'quoted header') header = imp.header.map((h) => `"${h}"`).join(',');
      if (g.shape === 'header only + never') rows = [imp.never];
      const lines = [...(g.shape === 'no header' ? [] : [header]), ...(g.shape === 'header twice' ? [header] : []), ...rows.map((r) => r.map(quote).join(','))];
      const eol = g.shape === 'CR line ends' ? '\r' : g.shape === 'CRLF' ? '\r\n' : g.shape === 'blank lines' ? '\n\n' : '\n';
      const bytes = bytesOf(lines.join(eol) + eol, g.how, g.noise);
      const what = `${imp.args.join(' ')}: ${g.shape}, ${g.how}, column ${imp.header[g.column]} = ${JSON.stringify(g.cell.slice(0, 40))}${g.cell.length > 40 ? `…(${g.cell.length})` : ''}`;
      return Object.defineProperty({ bytes, what }, fc.toStringMethod, { value: () => what });
    });
}

describe('gongkai import … with malformed files (child processes)', () => {
  let before: string;
  beforeAll(async () => {
    expect((await gongkai('migrate')).code).toBe(0);
    expect((await gongkai('seed', '--demo')).code).toBe(0);
    before = await counts();
  }, 240_000);

  it('refuses every file with exit code 1 and one Chinese line, no stack trace, and imports nothing of any', async () => {
    let n = 0;
    for (const imp of IMPORTERS) {
      await fc.assert(
        fc.asyncProperty(malformedFile(imp), async ({ bytes, what }) => {
          const file = path.join(dir, `fuzz-${n++}.csv`);
          writeFileSync(file, bytes);
          const r = await gongkai(...imp.args.slice(0, 2), file, ...imp.args.slice(2));
          const shown = `${what} → exit ${r.code}\nstdout: ${r.stdout.slice(0, 300)}\nstderr: ${r.stderr.slice(0, 600)}`;
          expect(r.code, shown).toBe(1);
          expect(r.stderr, shown).toMatch(/^错误：.*[\u4e00-\u9fff]/);
          expect(r.stderr, shown).not.toMatch(/\n\s+at |Error:|TypeError|RangeError|undefined|\[object /);
          // Chinese, not a library's English sentence; and it quotes none of a huge cell.
          expect(r.stderr.replace(dir, '').replace(/gongkai [a-z -]+/g, ''), shown).not.toMatch(/[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}/);
          expect(r.stderr.length, shown).toBeLessThan(8_000);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    expect(await counts(), 'a refused import left rows behind').toBe(before);
  }, 600_000);
});
