/**
 * 2020年 statutory holidays and 调休 make-up working days.
 * Source: 国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号，中国政府网 2019-11-21）; amended by 国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）.
 * Seeded from the chinese-days package (1.5.7) and verified against it for every day of the year by
 * test/unit/calendar/data.test.ts; the runtime uses this file, never the package.
 */
import type { YearSchedule } from '../types.ts';

export const YEAR_2020: YearSchedule = {
  year: 2020,
  source: {
    notice: {
      number: '国办发明电〔2019〕16号',
      title: '国务院办公厅关于2020年部分节假日安排的通知',
      published: '2019-11-21',
    },
    amendments: [
      {
        number: '国办发明电〔2020〕1号',
        title: '国务院办公厅关于延长2020年春节假期的通知',
        summary: '春节假期延长至2月2日，原定2月1日（星期六）上班取消',
      },
    ],
  },
  holidays: [
    { date: '2020-01-01', name: '元旦' },
    { date: '2020-01-24', name: '春节' },
    { date: '2020-01-25', name: '春节' },
    { date: '2020-01-26', name: '春节' },
    { date: '2020-01-27', name: '春节' },
    { date: '2020-01-28', name: '春节' },
    { date: '2020-01-29', name: '春节' },
    { date: '2020-01-30', name: '春节' },
    { date: '2020-01-31', name: '春节' },
    { date: '2020-02-01', name: '春节' },
    { date: '2020-02-02', name: '春节' },
    { date: '2020-04-04', name: '清明节' },
    { date: '2020-04-05', name: '清明节' },
    { date: '2020-04-06', name: '清明节' },
    { date: '2020-05-01', name: '劳动节' },
    { date: '2020-05-02', name: '劳动节' },
    { date: '2020-05-03', name: '劳动节' },
    { date: '2020-05-04', name: '劳动节' },
    { date: '2020-05-05', name: '劳动节' },
    { date: '2020-06-25', name: '端午节' },
    { date: '2020-06-26', name: '端午节' },
    { date: '2020-06-27', name: '端午节' },
    { date: '2020-10-01', name: '国庆节' },
    { date: '2020-10-02', name: '国庆节' },
    { date: '2020-10-03', name: '国庆节' },
    { date: '2020-10-04', name: '国庆节' },
    { date: '2020-10-05', name: '国庆节' },
    { date: '2020-10-06', name: '国庆节' },
    { date: '2020-10-07', name: '国庆节' },
    { date: '2020-10-08', name: '国庆节' },
  ],
  workdays: [
    { date: '2020-01-19', name: '春节' },
    { date: '2020-04-26', name: '劳动节' },
    { date: '2020-05-09', name: '劳动节' },
    { date: '2020-06-28', name: '端午节' },
    { date: '2020-09-27', name: '国庆节' },
    { date: '2020-10-10', name: '国庆节' },
  ],
};
