/** 通化市政务服务和数字化建设管理局's 2023 as facts: one 自然人 application received and decided 予以公开 in 2023. */
import type { ReportFacts } from '../../../src/domain/report/compile.ts';

export const seedFacts: ReportFacts = {
  agency: { name: '通化市政务服务和数字化建设管理局', code: 'tonghua-zsj' },
  year: 2023,
  applications: [
    { id: 'TH-2023-001', applicantType: 'natural', receiptDate: '2023-06-12', decisionDate: '2023-06-30', outcome: 'public' },
  ],
  appeals: [],
  documents: [],
  figures: { licensing: 0, penalty: 0, coercion: 0, fees_wan_yuan: 0 },
};

