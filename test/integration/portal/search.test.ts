/**
 * Chinese search on real text: the seed report's own paragraphs (demo documents of 220500-zsj) and
 * the demo 规范性文件. Exactness is checked against a naive substring scan of the same rows.
 */
import { beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { queryRows } from '../../../src/db/index.ts';
import { documentVectorLiteral } from '../../../src/lib/search/bigram.ts';
import { EXACT_TOTAL_CAP, searchDocuments } from '../../../src/app/portal/search.ts';
import { SEED_REPORT_PARAGRAPHS } from '../../../src/db/seed/portal-texts.ts';

const QUERIES = ['医保', '不动产', '营商环境', '通政发〔2023〕8号', '接诉即办', '数字通化', '公共资源交易', '一件事一次办', '医', '帮代办', '2023', '不动产登记', '保社', '全省唯一'];

describeDatabases(
  'portal search',
  (t) => {
    async function naive(q: string): Promise<number> {
      const [r] = await queryRows<{ n: number }>(
        t.db,
        sql`SELECT count(*)::int AS n FROM documents WHERE status IN ('published', 'repealed')
            AND strpos(lower(title || ' ' || coalesce(doc_number, '') || ' ' || body), lower(${q})) > 0`,
      );
      return r.n;
    }

    beforeAll(async () => {
      // The seed report paragraphs are the corpus: the demo data must contain them.
      const [r] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM documents WHERE body LIKE ${`%${SEED_REPORT_PARAGRAPHS.services.slice(0, 30)}%`}`);
      expect(r.n).toBe(1);
    });

    it('finds two-character words inside long paragraphs: 「医保」 and 「不动产」', async () => {
      const yb = await searchDocuments(t.db, { q: '医保' });
      // ranking: the 细则 mentions 「医保」 in its first sentence, the paragraph near its end
      expect(yb.items.map((i) => i.title)).toEqual(['通化市城乡居民基本医疗保险实施细则', '政务服务大厦投入运行 “一件事一次办”改革全面推开']);
      const bdc = await searchDocuments(t.db, { q: '不动产' });
      expect(bdc.items.map((i) => i.title)).toEqual(
        expect.arrayContaining(['通化市不动产登记便民服务规定', '政务服务大厦投入运行 “一件事一次办”改革全面推开', '“数字通化”建设行动启动 数据共享应用扎实推进']),
      );
      // ranking: the document with the word in its title comes first
      expect(bdc.items[0].title).toBe('通化市不动产登记便民服务规定');
      expect(bdc.items[0].snippet).toContain('不动产');
    });

    it('is exact: the same count as a substring scan, for every test query', async () => {
      for (const q of QUERIES) {
        const r = await searchDocuments(t.db, { q, size: 100 });
        expect({ q, total: r.total }).toEqual({ q, total: await naive(q) });
        expect(r.items.length).toBe(Math.min(100, r.total));
      }
      // 「保社」 appears only as part of 「医保社保」: found; 「社医」 appears nowhere: not found
      expect((await searchDocuments(t.db, { q: '保社' })).total).toBe(1);
      expect((await searchDocuments(t.db, { q: '社医' })).total).toBe(0);
    });

    it('finds a document by its 文号 and 「营商环境」 with the title boost', async () => {
      const r = await searchDocuments(t.db, { q: '通政发〔2023〕8号' });
      expect(r.items.map((i) => i.title)).toEqual(['通化市城乡居民基本医疗保险实施细则']);
      const ys = await searchDocuments(t.db, { q: '营商环境' });
      expect(ys.total).toBeGreaterThanOrEqual(3);
      const titled = ys.items.filter((i) => i.title.includes('营商环境')).length;
      expect(ys.items.slice(0, titled).every((i) => i.title.includes('营商环境'))).toBe(true);
    });

    it('several terms must all match; filters by agency, category and year', async () => {
      const both = await searchDocuments(t.db, { q: '医保 不动产' });
      expect(both.items.map((i) => i.title)).toEqual(['政务服务大厦投入运行 “一件事一次办”改革全面推开']);
      const zsj = await searchDocuments(t.db, { q: '不动产', agency: '220500-zsj' });
      expect(zsj.items.every((i) => i.agencyCode === '220500-zsj')).toBe(true);
      expect(zsj.total).toBe(2);
      const regs = await searchDocuments(t.db, { q: '不动产', category: 'regulations' });
      expect(regs.items.map((i) => i.title)).toEqual(['通化市不动产登记便民服务规定']);
      const y2023 = await searchDocuments(t.db, { q: '不动产', year: 2023 });
      expect(y2023.items.map((i) => i.publishedDate?.slice(0, 4))).toEqual(['2023']);
      const none = await searchDocuments(t.db, { q: '，。' });
      expect(none.terms).toEqual([]);
    });

    it('folds 繁体/简体 and 全角/半角 alike in the text and the query, and still ranks and highlights', async () => {
      const [{ id: agencyId }] = await queryRows<{ id: number }>(t.db, sql`SELECT id FROM agencies WHERE code = '220500-czj'`);
      await t.db.execute(
        sql`INSERT INTO documents (agency_id, title, body, status, published_date)
            VALUES (${agencyId}, '香港特區政府數字政務報告', '本報告介紹電子證照與ＰＤＦ２０２４格式的開放數據。', 'published', '2024-02-01')`,
      );
      for (const q of ['数字政务', '數字政務', '电子证照 开放数据', 'pdf2024', 'ＰＤＦ２０２４']) {
        const r = await searchDocuments(t.db, { q, agency: '220500-czj' });
        expect({ q, titles: r.items.map((i) => i.title), exact: r.totalExact }).toEqual({ q, titles: ['香港特區政府數字政務報告'], exact: true });
      }
      const r = await searchDocuments(t.db, { q: '开放数据', agency: '220500-czj' });
      expect(r.items[0].snippet).toContain('開放數據');
      expect(r.terms).toEqual(['开放数据']);
      // A simplified document is found by a traditional query too.
      expect((await searchDocuments(t.db, { q: '醫保' })).total).toBe(await naive('医保'));
    });

    it('counts exactly up to EXACT_TOTAL_CAP and estimates beyond it, ranking within the first matches', async () => {
      const [{ id: agencyId }] = await queryRows<{ id: number }>(t.db, sql`SELECT id FROM agencies WHERE code = '220502-jyj'`);
      const n = EXACT_TOTAL_CAP + 200;
      await t.db.execute(
        sql`INSERT INTO documents (agency_id, title, body, status, published_date)
            SELECT ${agencyId}, '校园安全检查通报第' || i || '号', repeat('学校食堂和校车的安全检查情况。', 20), 'published', '2024-03-01'
            FROM generate_series(1, ${n}) AS i`,
      );
      const r = await searchDocuments(t.db, { q: '校车', size: 10 });
      expect(r.totalExact).toBe(false);
      expect(r.total).toBeGreaterThan(EXACT_TOTAL_CAP);
      expect(r.items).toHaveLength(10);
      const few = await searchDocuments(t.db, { q: '通报第12号' });
      expect(few.totalExact).toBe(true);
      expect(few.total).toBe(await naive('通报第12号'));
      const atCap = await searchDocuments(t.db, { q: '校车', agency: '220502-jyj', page: 200, size: 10 });
      expect(atCap.items).toEqual([]);
    });

    it('does not find drafts or withdrawn documents', async () => {
      const r = await searchDocuments(t.db, { q: '夏季办公时间' });
      expect(r.total).toBe(0);
      expect(await naive('夏季办公时间')).toBe(0);
    });

    it('the database trigger indexes rows written by raw SQL exactly as the TypeScript tokenizer does (property)', async () => {
      const [{ id: agencyId }] = await queryRows<{ id: number }>(t.db, sql`SELECT id FROM agencies WHERE code = '220500-bgs'`);
      await t.db.execute(sql`INSERT INTO documents (agency_id, title, body, status, published_date) VALUES (${agencyId}, '原始写入的文件', ${SEED_REPORT_PARAGRAPHS.data}, 'published', '2024-01-01')`);
      const r = await searchDocuments(t.db, { q: '电子证照', agency: '220500-bgs' });
      expect(r.items.map((i) => i.title)).toEqual(['原始写入的文件']);

      // …including what folding changes: 繁体, 全角 letters, digits and space, a compatibility ideograph.
      const alphabet = fc.constantFrom(...'医保不动产营商环境，。、 ABCxyz019〔〕<p></p>&amp;\n醫療環境開發ＡＢｃ０９　豈'.split(''));
      const text = fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(''));
      await fc.assert(
        fc.asyncProperty(text, text, text, async (title, docNumber, body) => {
          const [row] = await queryRows<{ a: string; b: string }>(
            t.db,
            sql`SELECT gongkai_search_vector(${title}, ${docNumber}, ${body})::text AS a, ${documentVectorLiteral({ title, docNumber, body })}::tsvector::text AS b`,
          );
          expect(row.a).toBe(row.b);
        }),
        { numRuns: 60 },
      );
      // …and on the real paragraphs
      for (const body of Object.values(SEED_REPORT_PARAGRAPHS)) {
        const [row] = await queryRows<{ a: string; b: string }>(
          t.db,
          sql`SELECT gongkai_search_vector('标题', NULL, ${body})::text AS a, ${documentVectorLiteral({ title: '标题', body })}::tsvector::text AS b`,
        );
        expect(row.a).toBe(row.b);
      }
    });
  },
  { demo: true },
);
