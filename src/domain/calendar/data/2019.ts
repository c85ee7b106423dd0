/**
 * 2019年 statutory holidays and 调休 make-up working days.
 * Source: 国务院办公厅关于2019年部分节假日安排的通知（国办发明电〔2018〕15号，中国政府网 2018-12-06）; amended by 国务院办公厅关于调整2019年劳动节假期安排的通知（国办发明电〔2019〕3号）.
 * Seeded from the chinese-days package (1.5.7) and verified against it for every day of the year by
 * test/unit/calendar/data.test.ts; the runtime uses this file, never the package.
 */
import type { YearSchedule } from '../types.ts';

export const YEAR_2019: YearSchedule = {
  year: 2019,
  source: {
    notice: {
      number: '国办发明电〔2018〕15号',
      title: '国务院办公厅关于2019年部分节假日安排的通知',
      published: '2018-12-06',
    },
    amendments: [
      {
        number: '国办发明电〔2019〕3号',
        title: '国务院办公厅关于调整2019年劳动节假期安排的通知',
        summary: '劳动节改为5月1日至4日放假，4月28日（星期日）、5月5日（星期日）上班',
      },
    ],
    note: '2019年元旦的2018年12月29日调休上班日属于2018年，不在本文件内。',
  },
  holidays: [
    { date: '2019-01-01', name: '元旦' },
    { date: '2019-02-04', name: '春节' },
    { date: '2019-02-05', name: '春节' },
    { date: '2019-02-06', name: '春节' },
    { date: '2019-02-07', name: '春节' },
    { date: '2019-02-08', name: '春节' },
    { date: '2019-02-09', name: '春节' },
    { date: '2019-02-10', name: '春节' },
    { date: '2019-04-05', name: '清明节' },
    { date: '2019-04-06', name: '清明节' },
    { date: '2019-04-07', name: '清明节' },
    { date: '2019-05-01', name: '劳动节' },
    { date: '2019-05-02', name: '劳动节' },
    { date: '2019-05-03', name: '劳动节' },
    { date: '2019-05-04', name: '劳动节' },
    { date: '2019-06-07', name: '端午节' },
    { date: '2019-06-08', name: '端午节' },
    { date: '2019-06-09', name: '端午节' },
    { date: '2019-09-13', name: '中秋节' },
    { date: '2019-09-14', name: '中秋节' },
    { date: '2019-09-15', name: '中秋节' },
    { date: '2019-10-01', name: '国庆节' },
    { date: '2019-10-02', name: '国庆节' },
    { date: '2019-10-03', name: '国庆节' },
    { date: '2019-10-04', name: '国庆节' },
    { date: '2019-10-05', name: '国庆节' },
    { date: '2019-10-06', name: '国庆节' },
    { date: '2019-10-07', name: '国庆节' },
  ],
  workdays: [
    { date: '2019-02-02', name: '春节' },
    { date: '2019-02-03', name: '春节' },
    { date: '2019-04-28', name: '劳动节' },
    { date: '2019-05-05', name: '劳动节' },
    { date: '2019-09-29', name: '国庆节' },
    { date: '2019-10-12', name: '国庆节' },
  ],
};
