/**
 * Issue 14 follow-up, properties over the layouts real portals produce (real-families.ts: Word's
 * HTML, <div> tables, 公众号 text, DOCX), read through the auditor's real path (auditBuffer): any
 * valid model in any number convention reads back cell for cell, or a finding names the cell; a
 * planted arithmetic defect is found; no false finding (real-properties.ts). PDFs: real-pdf.test.ts.
 */
import { describe, it } from 'vitest';
import { checkFamily } from './real-properties.ts';

describe('real-world layouts: any model reads back cell for cell, through the auditor’s own file path', () => {
  for (const [family, runs] of [['word-html', 15], ['div-html', 15], ['wechat', 15], ["docx", 6]] as const) {
    it(`${family}: 2021 format, any number convention; a planted defect is found`, () => checkFamily(family, runs), 120_000);
    it(`${family}: the 2019 trial format`, () => checkFamily(family, Math.ceil(runs / 2), '2019'), 120_000);
  }
});
