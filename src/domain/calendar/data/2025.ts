/**
 * 2025年 statutory holidays and 调休 make-up working days.
 * Source: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，中国政府网 2024-11-12）.
 * Seeded from the chinese-days package (1.5.7) and verified against it for every day of the year by
 * test/unit/calendar/data.test.ts; the runtime uses this file, never the package.
 */
import type { YearSchedule } from '../types.ts';

export const YEAR_2025: YearSchedule = {
  year: 2025,
  source: {
    notice: {
      number: '国办发明电〔2024〕12号',
      title: '国务院办公厅关于2025年部分节假日安排的通知',
      published: '2024-11-12',
    },
    note: '自2025年起春节、劳动节各增加1天（国务院关于修改《全国年节及纪念日放假办法》的决定）。',
  },
  holidays: [
    { date: '2025-01-01', name: '元旦' },
    { date: '2025-01-28', name: '春节' },
    { date: '2025-01-29', name: '春节' },
    { date: '2025-01-30', name: '春节' },
    { date: '2025-01-31', name: '春节' },
    { date: '2025-02-01', name: '春节' },
    { date: '2025-02-02', name: '春节' },
    { date: '2025-02-03', name: '春节' },
    { date: '2025-02-04', name: '春节' },
    { date: '2025-04-04', name: '清明节' },
    { date: '2025-04-05', name: '清明节' },
    { date: '2025-04-06', name: '清明节' },
    { date: '2025-05-01', name: '劳动节' },
    { date: '2025-05-02', name: '劳动节' },
    { date: '2025-05-03', name: '劳动节' },
    { date: '2025-05-04', name: '劳动节' },
    { date: '2025-05-05', name: '劳动节' },
    { date: '2025-05-31', name: '端午节' },
    { date: '2025-06-01', name: '端午节' },
    { date: '2025-06-02', name: '端午节' },
    { date: '2025-10-01', name: '国庆节' },
    { date: '2025-10-02', name: '国庆节' },
    { date: '2025-10-03', name: '国庆节' },
    { date: '2025-10-04', name: '国庆节' },
    { date: '2025-10-05', name: '国庆节' },
    { date: '2025-10-06', name: '中秋节' },
    { date: '2025-10-07', name: '国庆节' },
    { date: '2025-10-08', name: '国庆节' },
  ],
  workdays: [
    { date: '2025-01-26', name: '春节' },
    { date: '2025-02-08', name: '春节' },
    { date: '2025-04-27', name: '劳动节' },
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
};
