/**
 * 2023年 statutory holidays and 调休 make-up working days.
 * Source: 国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号，中国政府网 2022-12-08）.
 * Seeded from the chinese-days package (1.5.7) and verified against it for every day of the year by
 * test/unit/calendar/data.test.ts; the runtime uses this file, never the package.
 */
import type { YearSchedule } from '../types.ts';

export const YEAR_2023: YearSchedule = {
  year: 2023,
  source: {
    notice: {
      number: '国办发明电〔2022〕16号',
      title: '国务院办公厅关于2023年部分节假日安排的通知',
      published: '2022-12-08',
    },
  },
  holidays: [
    { date: '2023-01-01', name: '元旦' },
    { date: '2023-01-02', name: '元旦' },
    { date: '2023-01-21', name: '春节' },
    { date: '2023-01-22', name: '春节' },
    { date: '2023-01-23', name: '春节' },
    { date: '2023-01-24', name: '春节' },
    { date: '2023-01-25', name: '春节' },
    { date: '2023-01-26', name: '春节' },
    { date: '2023-01-27', name: '春节' },
    { date: '2023-04-05', name: '清明节' },
    { date: '2023-04-29', name: '劳动节' },
    { date: '2023-04-30', name: '劳动节' },
    { date: '2023-05-01', name: '劳动节' },
    { date: '2023-05-02', name: '劳动节' },
    { date: '2023-05-03', name: '劳动节' },
    { date: '2023-06-22', name: '端午节' },
    { date: '2023-06-23', name: '端午节' },
    { date: '2023-06-24', name: '端午节' },
    { date: '2023-09-29', name: '中秋节' },
    { date: '2023-09-30', name: '国庆节' },
    { date: '2023-10-01', name: '国庆节' },
    { date: '2023-10-02', name: '国庆节' },
    { date: '2023-10-03', name: '国庆节' },
    { date: '2023-10-04', name: '国庆节' },
    { date: '2023-10-05', name: '国庆节' },
    { date: '2023-10-06', name: '国庆节' },
  ],
  workdays: [
    { date: '2023-01-28', name: '春节' },
    { date: '2023-01-29', name: '春节' },
    { date: '2023-04-23', name: '劳动节' },
    { date: '2023-05-06', name: '劳动节' },
    { date: '2023-06-25', name: '端午节' },
    { date: '2023-10-07', name: '国庆节' },
    { date: '2023-10-08', name: '国庆节' },
  ],
};
