import type { IsoDate } from './date.ts';

/** The notice of the 国务院办公厅 that fixes a year's holidays and 调休 (or an amending notice). */
export interface ScheduleNotice {
  /** 文号, e.g. 国办发明电〔2023〕7号 (absent when not known for sure). */
  number?: string;
  /** Title of the notice, e.g. 国务院办公厅关于2024年部分节假日安排的通知. */
  title: string;
  /** Date published on 中国政府网 (YYYY-MM-DD), when known. */
  published?: IsoDate;
  /** What the notice changed, for amending notices. */
  summary?: string;
}

/** One day of a year's arrangement: a statutory day off or a 调休 make-up working day. */
export interface ScheduleDay {
  date: IsoDate;
  /** The festival it belongs to: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 … */
  name: string;
}

/**
 * A year's working-day arrangement as announced by the State Council. Working days are Monday to
 * Friday, minus `holidays`, plus `workdays` (调休上班日, always a Saturday or Sunday).
 * `holidays` lists every day off of each 放假调休 block, including the Saturdays and Sundays inside it.
 */
export interface YearSchedule {
  year: number;
  /** The notice it comes from, plus any amending notices. */
  source: { notice: ScheduleNotice; amendments?: ScheduleNotice[]; note?: string };
  holidays: ScheduleDay[];
  workdays: ScheduleDay[];
}
