/**
 * 2022年 statutory holidays and 调休 make-up working days.
 * Source: 国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号，中国政府网 2021-10-25）.
 * Seeded from the chinese-days package (1.5.7) and verified against it for every day of the year by
 * test/unit/calendar/data.test.ts; the runtime uses this file, never the package.
 */
import type { YearSchedule } from '../types.ts';

export const YEAR_2022: YearSchedule = {
  year: 2022,
  source: {
    notice: {
      number: '国办发明电〔2021〕11号',
      title: '国务院办公厅关于2022年部分节假日安排的通知',
      published: '2021-10-25',
    },
    note: '2022年12月31日（星期六）是2023年元旦放假的第一天，由国办发明电〔2022〕16号安排，按日期归入本年。',
  },
  holidays: [
    { date: '2022-01-01', name: '元旦' },
    { date: '2022-01-02', name: '元旦' },
    { date: '2022-01-03', name: '元旦' },
    { date: '2022-01-31', name: '春节' },
    { date: '2022-02-01', name: '春节' },
    { date: '2022-02-02', name: '春节' },
    { date: '2022-02-03', name: '春节' },
    { date: '2022-02-04', name: '春节' },
    { date: '2022-02-05', name: '春节' },
    { date: '2022-02-06', name: '春节' },
    { date: '2022-04-03', name: '清明节' },
    { date: '2022-04-04', name: '清明节' },
    { date: '2022-04-05', name: '清明节' },
    { date: '2022-04-30', name: '劳动节' },
    { date: '2022-05-01', name: '劳动节' },
    { date: '2022-05-02', name: '劳动节' },
    { date: '2022-05-03', name: '劳动节' },
    { date: '2022-05-04', name: '劳动节' },
    { date: '2022-06-03', name: '端午节' },
    { date: '2022-06-04', name: '端午节' },
    { date: '2022-06-05', name: '端午节' },
    { date: '2022-09-10', name: '中秋节' },
    { date: '2022-09-11', name: '中秋节' },
    { date: '2022-09-12', name: '中秋节' },
    { date: '2022-10-01', name: '国庆节' },
    { date: '2022-10-02', name: '国庆节' },
    { date: '2022-10-03', name: '国庆节' },
    { date: '2022-10-04', name: '国庆节' },
    { date: '2022-10-05', name: '国庆节' },
    { date: '2022-10-06', name: '国庆节' },
    { date: '2022-10-07', name: '国庆节' },
    { date: '2022-12-31', name: '元旦' },
  ],
  workdays: [
    { date: '2022-01-29', name: '春节' },
    { date: '2022-01-30', name: '春节' },
    { date: '2022-04-02', name: '清明节' },
    { date: '2022-04-24', name: '劳动节' },
    { date: '2022-05-07', name: '劳动节' },
    { date: '2022-10-08', name: '国庆节' },
    { date: '2022-10-09', name: '国庆节' },
  ],
};
