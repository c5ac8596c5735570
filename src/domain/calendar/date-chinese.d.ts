// The package ships types under "types" but its "exports" map has no "types" condition, so NodeNext resolution
// does not find them. This declares the small part of the API the calendar uses.
declare module 'date-chinese' {
  export interface GregorianDate {
    year: number;
    month: number;
    day: number;
  }
  export class CalendarChinese {
    constructor(cycle?: number, year?: number, month?: number, leap?: number | boolean, day?: number);
    fromGregorian(year: number, month: number, day: number): this;
    /** [cycle, year, month, leap, day] */
    get(): [number, number, number, boolean, number];
    toGregorian(gyear?: number): GregorianDate;
  }
  export class CalendarVietnamese extends CalendarChinese {}
}
