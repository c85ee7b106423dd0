/**
 * Issue 14: for a recovered table, which cells were inferred and from which identity (what the
 * command line and the /audit page show).
 */
import { describe, expect, it } from 'vitest';
import { inferredCells, inferredLine } from '../../../src/domain/audit/index.ts';
import { auditBuffer } from '../../../src/audit-io/index.ts';
import { reportShapes } from '../../support/fixtures.ts';

const shape = (name: string) => reportShapes().find((x) => x.name === name)!;

describe('inferredCells', () => {
  it('the ambiguous fused page: six rows decided by the column identities, the other rows by their row total, table 3 by its totals, table 1 by the prose', async () => {
    const fx = shape('fused-textcontent-2023-ambiguous.txt');
    const model = await auditBuffer(fx.name, fx.bytes);
    const inferred = inferredCells(model);
    const byBasis = (b: string) => inferred.filter((x) => x.basis === b);
    expect(byBasis('columns').map((x) => x.cells[0].split('/')[1]).sort()).toEqual(
      ['carried_in', 'new', 'not_handled.petition', 'partial', 'public', 'total'].sort(),
    );
    expect(byBasis('row_total').length).toBe(25 - 6);
    expect(byBasis('appeal_totals').length).toBe(3);
    expect(byBasis('prose').map((x) => x.what)).toEqual(['表一「行政规范性文件」']);
    const total = inferred.find((x) => x.cells[0] === 'table2/total/natural')!;
    expect(total.values).toEqual([112, 12, 0, 1, 10, 1, 136]);
    expect(inferredLine(total)).toBe('表二「（七）总计」 7 格 = 112|12|0|1|10|1|136 — 依据：各列的勾稽关系（一+二=（七）总计+四、（七）总计=21 项之和）与行合计');
  });
  it('labels printed apart from their numbers: the rows placed by table 2’s order; pulled-out table-1 cells from the prose', async () => {
    const fx = shape('pdf-markdown-fragments-2025.txt');
    const inferred = inferredCells(await auditBuffer(fx.name, fx.bytes));
    expect(inferred.filter((x) => x.basis === 'order').map((x) => x.cells[0])).toEqual(['table2/not_handled.confirmation/natural', 'table2/other.correction_lapsed/natural']);
    expect(inferred.filter((x) => x.basis === 'prose').map((x) => [x.what, x.values])).toEqual([
      ['表一「规章」', [3, 0, 21]],
      ['表一「行政规范性文件」', [12, 9, 64]],
    ]);
  });
  it('a clean report: nothing inferred', async () => {
    const fx = shape('html-table-2023.html');
    expect(inferredCells(await auditBuffer(fx.name, fx.bytes))).toEqual([]);
  });
});
