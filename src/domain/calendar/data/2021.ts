/**
 * 2021年 statutory holidays and 调休 make-up working days.
 * Source: 国务院办公厅关于2021年部分节假日安排的通知（国办发明电〔2020〕27号，中国政府网 2020-11-25）.
 * Seeded from the chinese-days package (1.5.7) and verified against it for every day of the year by
 * test/unit/calendar/data.test.ts; the runtime uses this file, never the package.
 */
import type { YearSchedule } from '../types.ts';

export const YEAR_2021: YearSchedule = {
  year: 2021,
  source: {
    notice: {
      number: '国办发明电〔2020〕27号',
      title: '国务院办公厅关于2021年部分节假日安排的通知',
      published: '2020-11-25',
    },
  },
  holidays: [
    { date: '2021-01-01', name: '元旦' },
    { date: '2021-01-02', name: '元旦' },
    { date: '2021-01-03', name: '元旦' },
    { date: '2021-02-11', name: '春节' },
    { date: '2021-02-12', name: '春节' },
    { date: '2021-02-13', name: '春节' },
    { date: '2021-02-14', name: '春节' },
    { date: '2021-02-15', name: '春节' },
    { date: '2021-02-16', name: '春节' },
    { date: '2021-02-17', name: '春节' },
    { date: '2021-04-03', name: '清明节' },
    { date: '2021-04-04', name: '清明节' },
    { date: '2021-04-05', name: '清明节' },
    { date: '2021-05-01', name: '劳动节' },
    { date: '2021-05-02', name: '劳动节' },
    { date: '2021-05-03', name: '劳动节' },
    { date: '2021-05-04', name: '劳动节' },
    { date: '2021-05-05', name: '劳动节' },
    { date: '2021-06-12', name: '端午节' },
    { date: '2021-06-13', name: '端午节' },
    { date: '2021-06-14', name: '端午节' },
    { date: '2021-09-19', name: '中秋节' },
    { date: '2021-09-20', name: '中秋节' },
    { date: '2021-09-21', name: '中秋节' },
    { date: '2021-10-01', name: '国庆节' },
    { date: '2021-10-02', name: '国庆节' },
    { date: '2021-10-03', name: '国庆节' },
    { date: '2021-10-04', name: '国庆节' },
    { date: '2021-10-05', name: '国庆节' },
    { date: '2021-10-06', name: '国庆节' },
    { date: '2021-10-07', name: '国庆节' },
  ],
  workdays: [
    { date: '2021-02-07', name: '春节' },
    { date: '2021-02-20', name: '春节' },
    { date: '2021-04-25', name: '劳动节' },
    { date: '2021-05-08', name: '劳动节' },
    { date: '2021-09-18', name: '中秋节' },
    { date: '2021-09-26', name: '国庆节' },
    { date: '2021-10-09', name: '国庆节' },
  ],
};
