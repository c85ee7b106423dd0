/**
 * Issue 14: `gongkai audit` (text and html) and the /audit page show, for a recovered table, which
 * cells were inferred and from which identity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../../src/cli/audit.ts';
import { reportShapes } from '../../support/fixtures.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

const fused = reportShapes().find((x) => x.name === 'fused-textcontent-2023-ambiguous.txt')!;

describe('gongkai audit: the inferred cells of a recovered table', () => {
  it('text: a block naming each inferred row, its values and the identity it rests on', async () => {
    const run = await runAudit([fused.path]);
    expect(run.output).toContain('推算的单元格');
    expect(run.output).toContain('表二「（七）总计」 7 格 = 112|12|0|1|10|1|136 — 依据：各列的勾稽关系');
    expect(run.output).toContain('表二「1.属于国家秘密」 7 格 = 0|0|0|0|0|0|0 — 依据：行合计「总计 = 六列之和」');
    expect(run.output).toContain('表三「行政复议」 5 格 = 12|3|0|4|19 — 依据：表三「总计 = 四项结果之和」');
    expect(run.output).toContain('表一「行政规范性文件」 3 格 = 10|12|110 — 依据：报告正文所述的数字');
  });
  it('html: the same as a table beside the findings', async () => {
    const run = await runAudit([fused.path], { format: 'html' });
    expect(run.output).toContain('<h3>推算的单元格</h3>');
    expect(run.output).toContain('<td>表二「（七）总计」</td><td>7</td><td>112 | 12 | 0 | 1 | 10 | 1 | 136</td>');
  });
});

describe('/audit page: the inferred cells of a recovered table', () => {
  let server: TestServer;
  beforeAll(async () => {
    process.env.GONGKAI_AUDIT_RATE_LIMIT = '1000';
    server = await startTestServer({ demo: false });
    delete process.env.GONGKAI_AUDIT_RATE_LIMIT;
  });
  afterAll(async () => {
    await server?.close();
  });
  it('lists each inferred row with its basis (data-basis), the ambiguous page read to the cell', async () => {
    const fd = new FormData();
    fd.append('files', new Blob([new Uint8Array(fused.bytes)], { type: 'text/plain' }), fused.name);
    const res = await fetch(server.url + '/audit', { method: 'POST', body: fd });
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain('推算的单元格');
    expect(page.match(/data-basis="columns"/g)?.length).toBe(6);
    expect(page.match(/data-basis="row_total"/g)?.length).toBe(19);
    expect(page).toContain('<code class="code">112|12|0|1|10|1|136</code>');
    expect(page).toContain('data-where="table2/total/natural"');
  });
});
