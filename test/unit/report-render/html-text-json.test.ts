import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { renderHtml, marksFromFindings, markFor } from '../../../src/domain/report/render/html.ts';
import { toJson, normalizeModel } from '../../../src/domain/report/render/json.ts';
import { placeGrid, reportGrids, TABLE2_NOTE } from '../../../src/domain/report/render/layout.ts';
import { renderText } from '../../../src/domain/report/render/text.ts';
import { REPORT_SECTIONS, TABLE2_COLUMNS, TABLE2_ROWS } from '../../../src/domain/taxonomy/index.ts';
import { distinctModel, tableNumbers } from './fixtures.ts';

const HEADINGS = REPORT_SECTIONS.map((s) => `${s.numeral}、${s.heading}`);

describe('layout grids', () => {
  it('every grid row covers exactly its columns once spans are resolved', () => {
    for (const grid of Object.values(reportGrids(distinctModel()))) {
      const covered = grid.rows.map(() => Array(grid.columns).fill(0));
      for (const p of placeGrid(grid))
        for (let r = p.row; r < p.row + p.rowSpan; r++) for (let c = p.col; c < p.col + p.colSpan; c++) covered[r][c]++;
      expect(covered.flat().every((n) => n === 1), grid.id).toBe(true);
    }
  });
});

describe('renderHtml', () => {
  const model = distinctModel();
  const root = parse(renderHtml(model, { marks: { 'table2/public/natural': { severity: 'error', message: '应为 <5>' }, 'table2/org.business': 'warning' } }));

  it('has the title (escaped) and the six section headings in order', () => {
    expect(root.querySelector('h1')!.text).toBe('测试市<某>局 & “公开”办2023年度政府信息公开工作年度报告');
    expect(root.toString()).toContain('测试市&lt;某&gt;局 &amp;');
    expect(root.querySelectorAll('h2').map((h) => h.text)).toEqual(HEADINGS);
  });

  it('table 2 has the template header: note corner, 申请人情况, 自然人 | 法人或其他组织{5} | 总计, rowspans', () => {
    const t2 = root.querySelector('#table2')!;
    expect(t2.querySelector('caption')!.text).toBe('收到和处理政府信息公开申请情况');
    const corner = t2.querySelector('thead tr th')!;
    expect(corner.text).toBe(TABLE2_NOTE);
    expect([corner.getAttribute('rowspan'), corner.getAttribute('colspan')]).toEqual(['3', '3']);
    const heads = t2.querySelectorAll('thead th').map((th) => th.text);
    expect(heads).toEqual([TABLE2_NOTE, '申请人情况', '自然人', '法人或其他组织', '总计', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    const group = t2.querySelectorAll('th').find((th) => th.text === '三、本年度办理结果')!;
    expect(group.getAttribute('rowspan')).toBe('22');
    const spans = Object.fromEntries(t2.querySelectorAll('th[scope=rowgroup]').map((th) => [th.text, th.getAttribute('rowspan')]));
    expect(spans).toMatchObject({ '（三）不予公开': '8', '（四）无法提供': '3', '（五）不予处理': '5', '（六）其他处理': '3' });
    expect(t2.querySelectorAll('th[scope=col]').length).toBeGreaterThan(0);
  });

  it('every number cell shows the JSON value, with its key', () => {
    const json = JSON.parse(toJson(model));
    const cells = root.querySelectorAll('td[data-where]');
    expect(cells.length).toBe(10 + 175 + 15);
    for (const td of cells) {
      const [table, row, col] = td.getAttribute('data-where')!.split('/');
      const expected =
        table === 'table2' ? json.applications[row][col] : table === 'table3' ? json.appeals[row][col] : col ? json.proactive[row][col] : json.proactive[row];
      expect(td.text, td.getAttribute('data-where')).toBe(String(expected));
    }
  });

  it('marks cells: a cell, and a whole column as the checks name it, with an escaped title', () => {
    const cell = root.querySelector('td[data-where="table2/public/natural"]')!;
    expect(cell.classList.contains('mark-error')).toBe(true);
    expect(cell.getAttribute('title')).toBe('应为 <5>');
    expect(root.toString()).toContain('title="应为 &lt;5&gt;"');
    expect(root.querySelector('td[data-where="table2/new/org.business"]')!.classList.contains('mark-warning')).toBe(true);
    expect(root.querySelector('td[data-where="table2/new/natural"]')!.classList.contains('mark-warning')).toBe(false);
  });

  it('marks from findings; `table2/total` is the 总计 column, not the （七）总计 row', () => {
    const marks = marksFromFindings([
      { code: 'identity.balance', severity: 'error', message: 'x', where: 'table2/total' },
      { code: 'cell.blank', severity: 'warning', message: 'y', where: 'table1/rules/issued' },
    ]);
    expect(markFor('table2/new/total', marks)?.severity).toBe('error');
    expect(markFor('table2/total/natural', marks)).toBeUndefined();
    expect(markFor('table1/rules/issued', marks)?.severity).toBe('warning');
    expect(markFor('table1/rules/repealed', marks)).toBeUndefined();
  });

  it('a blank cell (null) is shown as blank, not 0', () => {
    const m = distinctModel();
    m.applications.new.natural = null;
    const td = parse(renderHtml(m)).querySelector('td[data-where="table2/new/natural"]')!;
    expect(td.text).toBe('');
    expect(td.classList.contains('blank')).toBe(true);
  });
});

describe('renderText', () => {
  it('one cell per line under the headings, numbers in the template order', () => {
    const model = distinctModel();
    const text = renderText(model);
    const lines = text.split('\n').filter((l) => l.trim());
    const idx = HEADINGS.map((h) => lines.indexOf(h));
    expect(idx.every((i, k) => i >= 0 && (k === 0 || i > idx[k - 1]))).toBe(true);
    const nums = (from: number, to: number) => lines.slice(idx[from] + 1, idx[to]).filter((l) => /^\d+(\.\d+)?$/.test(l)).map(Number);
    const expected = tableNumbers(model);
    expect(nums(1, 2)).toEqual(expected.table1);
    expect(nums(2, 3)).toEqual(expected.table2);
    expect(nums(3, 4)).toEqual(expected.table3);
    expect(lines).toContain(TABLE2_NOTE);
    expect(lines).toContain('总体情况第二段。');
  });
});

describe('toJson', () => {
  it('stable key order: every row of contracts.md §1, every column under it, whatever the input order', () => {
    const model = distinctModel();
    const shuffled = { ...model, applications: Object.fromEntries(Object.entries(model.applications).reverse()) } as typeof model;
    shuffled.applications.public = Object.fromEntries(Object.entries(model.applications.public).reverse()) as typeof model.applications.public;
    expect(toJson(shuffled)).toBe(toJson(model));
    const json = JSON.parse(toJson(model));
    expect(Object.keys(json)).toEqual(['format', 'year', 'agency', 'proactive', 'applications', 'appeals', 'sections', 'findings']);
    expect(Object.keys(json.applications)).toEqual([...TABLE2_ROWS]);
    for (const row of TABLE2_ROWS) expect(Object.keys(json.applications[row])).toEqual([...TABLE2_COLUMNS]);
  });
  it('a missing cell becomes null, never a silent 0', () => {
    const model = distinctModel();
    delete (model.applications.partial as Record<string, unknown>)['org.research'];
    expect(normalizeModel(model).applications.partial['org.research']).toBeNull();
  });
});
