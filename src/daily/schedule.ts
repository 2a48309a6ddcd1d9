import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format } from 'date-fns';
import { zhCN } from 'date-fns/locale';

export const DEFAULT_TIME = '09:00';

/** `9:30`, `09:30` and `09：30` give `09:30`; anything else (`25:00`, `早上九点`, `9点半`) is undefined. */
export function parseTime(input: string): string | undefined {
  const m = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/.exec(input.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : undefined;
}

/** The calendar date at `instant` in `timeZone`, as `yyyy-MM-dd`. */
export function localDate(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd');
}

/** The instant when `date` (`yyyy-MM-dd`) reaches `time` (`HH:mm`) in `timeZone`. */
export function dueAt(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, mo - 1, d, h, mi, timeZone).getTime());
}

/** The day after `date` (`yyyy-MM-dd`), across month and year ends. */
export function nextDate(date: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return format(addDays(new Date(Date.UTC(y, mo - 1, d, 12)), 1), 'yyyy-MM-dd');
}

export interface Slot {
  /** The local date the delivery is for. */
  date: string;
  at: Date;
}

/**
 * The next delivery slot for a daily time: today's if it is still ahead, or if it passed less than
 * `catchUpMs` ago and today has not been delivered; otherwise tomorrow's.
 */
export function nextSlot(time: string, timeZone: string, now: Date, deliveredToday: boolean, catchUpMs: number): Slot {
  const today = localDate(now, timeZone);
  const at = dueAt(today, time, timeZone);
  if (!deliveredToday && (at.getTime() > now.getTime() || now.getTime() - at.getTime() <= catchUpMs))
    return { date: today, at };
  const tomorrow = nextDate(today);
  return { date: tomorrow, at: dueAt(tomorrow, time, timeZone) };
}

/** `明天 09:00（11月22日 星期日）`: the slot as users read it, relative to `now`. */
export function describeSlot(slot: Slot, now: Date, timeZone: string): string {
  const at = new TZDate(slot.at.getTime(), timeZone);
  const days = differenceInCalendarDays(at, new TZDate(now.getTime(), timeZone));
  const word =
    days <= 0 ? (slot.at.getTime() <= now.getTime() ? '马上' : '今天') : days === 1 ? '明天' : days === 2 ? '后天' : '';
  const clock = format(at, 'HH:mm');
  const date = format(at, 'M月d日 EEEE', { locale: zhCN });
  return word === '马上' ? `马上（今天 ${clock} 的推送补发）` : `${word ? `${word} ` : ''}${clock}（${date}）`;
}

/** Today's date line for the daily message, e.g. `2026年11月21日 星期六`. */
export function dateLine(now: Date, timeZone: string): string {
  return format(new TZDate(now.getTime(), timeZone), 'yyyy年M月d日 EEEE', { locale: zhCN });
}
