import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { freshPgliteOptions, wrapPglite } from './src/db/index.ts';
import { searchDocuments } from './src/app/portal/search.ts';
const client = new PGlite(freshPgliteOptions());
const database = await wrapPglite(client, { migrate: true });
await client.exec(`INSERT INTO agencies (code, name) SELECT 'a' || i, '机关' || i FROM generate_series(1, 200) i`);
await client.exec(`INSERT INTO documents (agency_id, title, body, status, published_date)
  SELECT 1 + i % 200, '关于' || (CASE WHEN i % 4 = 0 THEN '征收' ELSE '规划' END) || '的通知' || i,
    repeat('本市推进营商环境优化，' || (CASE WHEN i % 3 = 0 THEN '做好房屋征收补偿工作，' ELSE '加强政务公开，' END), 60), 'published', '2024-01-01'::date + (i % 300)
  FROM generate_series(1, 20000) i`);
await client.exec('VACUUM ANALYZE documents');
for (const q of ['征收', '营商环境', '政务公开', '征收补偿', '不存在的词']) {
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const res = await searchDocuments(database.db, { q });
    if (r === 2) console.log(q, res.total, res.totalExact, res.items.length, Math.round(performance.now() - t), 'ms');
  }
}
await database.close();
