/**
 * 2024年 statutory holidays and 调休 make-up working days.
 * Source: 国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，中国政府网 2023-10-25）.
 * Seeded from the chinese-days package (1.5.7) and verified against it for every day of the year by
 * test/unit/calendar/data.test.ts; the runtime uses this file, never the package.
 */
import type { YearSchedule } from '../types.ts';

export const YEAR_2024: YearSchedule = {
  year: 2024,
  source: {
    notice: {
      number: '国办发明电〔2023〕7号',
      title: '国务院办公厅关于2024年部分节假日安排的通知',
      published: '2023-10-25',
    },
  },
  holidays: [
    { date: '2024-01-01', name: '元旦' },
    { date: '2024-02-10', name: '春节' },
    { date: '2024-02-11', name: '春节' },
    { date: '2024-02-12', name: '春节' },
    { date: '2024-02-13', name: '春节' },
    { date: '2024-02-14', name: '春节' },
    { date: '2024-02-15', name: '春节' },
    { date: '2024-02-16', name: '春节' },
    { date: '2024-02-17', name: '春节' },
    { date: '2024-04-04', name: '清明节' },
    { date: '2024-04-05', name: '清明节' },
    { date: '2024-04-06', name: '清明节' },
    { date: '2024-05-01', name: '劳动节' },
    { date: '2024-05-02', name: '劳动节' },
    { date: '2024-05-03', name: '劳动节' },
    { date: '2024-05-04', name: '劳动节' },
    { date: '2024-05-05', name: '劳动节' },
    { date: '2024-06-10', name: '端午节' },
    { date: '2024-09-15', name: '中秋节' },
    { date: '2024-09-16', name: '中秋节' },
    { date: '2024-09-17', name: '中秋节' },
    { date: '2024-10-01', name: '国庆节' },
    { date: '2024-10-02', name: '国庆节' },
    { date: '2024-10-03', name: '国庆节' },
    { date: '2024-10-04', name: '国庆节' },
    { date: '2024-10-05', name: '国庆节' },
    { date: '2024-10-06', name: '国庆节' },
    { date: '2024-10-07', name: '国庆节' },
  ],
  workdays: [
    { date: '2024-02-04', name: '春节' },
    { date: '2024-02-18', name: '春节' },
    { date: '2024-04-07', name: '清明节' },
    { date: '2024-04-28', name: '劳动节' },
    { date: '2024-05-11', name: '劳动节' },
    { date: '2024-09-14', name: '中秋节' },
    { date: '2024-09-29', name: '国庆节' },
    { date: '2024-10-12', name: '国庆节' },
  ],
};
