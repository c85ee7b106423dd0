/** Issue 14: year, agency and publication date as pages print them. */
import { describe, expect, it } from 'vitest';
import { readReportHtml, readReportText } from '../../../src/domain/audit/index.ts';

const body = '一、总体情况\n本年度工作有序开展。\n';

describe('year, agency, publication date', () => {
  it('agency from the title, not from the portal chrome before it', () => {
    const m = readReportText(`当前位置：首页 > 政务公开 > 年报 样本县人民政府2020年政府信息公开工作年度报告 来源：样本县\n${body}`).model;
    expect(m.agency.name).toBe('样本县人民政府');
    expect(m.year).toBe(2020);
  });
  it('a title with the year first; a title on two lines', () => {
    expect(readReportText(`2024 年样本市科学技术局政府信息公开工作\n年度报告\n${body}`).model.agency.name).toBe('样本市科学技术局');
    const two = readReportText(`样本市样本区人民政府\n2023 年政府信息公开工作年度报告\n${body}`).model;
    expect([two.agency.name, two.year]).toEqual(['样本市样本区人民政府', 2023]);
  });
  it('no title: agency from 「本报告由…编制」, year from the 统计期限 sentence, else from the publication date', () => {
    const m = readReportText(`本报告由样本区人民政府办公室根据《条例》要求编制。本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。\n${body}`).model;
    expect([m.agency.name, m.year]).toEqual(['样本区人民政府办公室', 2023]);
    const d = readReportText(`发布日期：2025-01-20\n${body}`).model;
    expect([d.year, d.published]).toEqual([2024, '2025-01-20']);
    // a sentence that does not name the reporter gives no agency (never a fragment)
    expect(readReportText(`根据《中华人民共和国政府信息公开条例》规定编制本报告。\n${body}`).model.agency.name).toBe('');
  });
  it('publication date: 发布时间, a date line under the title, the date under the signature, <meta name="PubDate">', () => {
    expect(readReportText(`某局2023年政府信息公开工作年度报告 来源：某局 时间：2024-01-30 16:05\n${body}`).model.published).toBe('2024-01-30');
    expect(readReportText(`# 某局 2024 年 政府信息公开工作年度报告\n某局\n(2025年1月24日)\n${body}`).model.published).toBe('2025-01-24');
    expect(readReportText(`某局2023年政府信息公开工作年度报告\n${body}某局\n2024 年 1 月 26 日\n-5-`).model.published).toBe('2024-01-26');
    const html = `<html><head><meta name="PubDate" content="2024-01-25 10:12"></head><body><h1>某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>`;
    expect(readReportHtml(html).model.published).toBe('2024-01-25');
  });
});
