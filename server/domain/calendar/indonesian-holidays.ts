/**
 * Indonesia's national holidays (hari libur nasional) and collective leave days (cuti
 * bersama) as the government decrees them each year in a joint decree of three ministers
 * (SKB). The calendar's source is its table in the database (migration 016 seeds it from
 * here); each later year's decree is imported by an operator when it is signed, usually
 * between September and November of the year before (`npm run service -- admin holidays
 * import FILE`). Moon-sighted holidays (Idul Fitri, Idul Adha, Isra Mikraj, ...) follow the
 * decree, not an astronomical estimate.
 *
 * Years without a decree fall back to the computed public holidays of `date-holidays`,
 * without cuti bersama; the log, `/health/ready` and a back-office alert say so.
 */
export interface HolidayYear {
  decree: string;
  holidays: Array<[date: string, name: string]>;
  cutiBersama: Array<[date: string, name: string]>;
}

export const DECREED_YEARS: Record<number, HolidayYear> = {
  2026: {
    decree: 'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497/2025, No. 2/2025, No. 5/2025',
    holidays: [
      ['2026-01-01', 'Tahun Baru 2026 Masehi'],
      ['2026-01-16', "Isra Mi'raj Nabi Muhammad SAW"],
      ['2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'],
      ['2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948'],
      ['2026-03-21', 'Idul Fitri 1447 Hijriah'],
      ['2026-03-22', 'Idul Fitri 1447 Hijriah'],
      ['2026-04-03', 'Wafat Yesus Kristus'],
      ['2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)'],
      ['2026-05-01', 'Hari Buruh Internasional'],
      ['2026-05-14', 'Kenaikan Yesus Kristus'],
      ['2026-05-27', 'Idul Adha 1447 Hijriah'],
      ['2026-05-31', 'Hari Raya Waisak 2570 BE'],
      ['2026-06-01', 'Hari Lahir Pancasila'],
      ['2026-06-16', '1 Muharam Tahun Baru Islam 1448 Hijriah'],
      ['2026-08-17', 'Proklamasi Kemerdekaan'],
      ['2026-08-25', 'Maulid Nabi Muhammad SAW'],
      ['2026-12-25', 'Kelahiran Yesus Kristus'],
    ],
    cutiBersama: [
      ['2026-02-16', 'Cuti bersama Tahun Baru Imlek'],
      ['2026-03-18', 'Cuti bersama Hari Suci Nyepi'],
      ['2026-03-20', 'Cuti bersama Idul Fitri'],
      ['2026-03-23', 'Cuti bersama Idul Fitri'],
      ['2026-03-24', 'Cuti bersama Idul Fitri'],
      ['2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus'],
      ['2026-05-28', 'Cuti bersama Idul Adha'],
      ['2026-12-24', 'Cuti bersama Kelahiran Yesus Kristus'],
    ],
  },
};
