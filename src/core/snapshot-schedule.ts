// Recurring snapshot schedules (CloudStack's DateUtil.IntervalType and getNextRunTime): the
// interval types, the schedule syntax of each, and the next time a policy is due, computed
// in the policy's own time zone so "daily at 02:30 Europe/Berlin" follows daylight saving.
import { invalidParam } from './errors.js';

/** In CloudStack's ordinal order: the policy response's `intervaltype` is this index. */
export const INTERVAL_TYPES = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type IntervalType = (typeof INTERVAL_TYPES)[number];

export function parseIntervalType(s: string): IntervalType | undefined {
  const u = s.trim().toUpperCase();
  return (INTERVAL_TYPES as readonly string[]).includes(u) ? (u as IntervalType) : undefined;
}

export const intervalIndex = (t: IntervalType): number => INTERVAL_TYPES.indexOf(t);
export const intervalAt = (i: number): IntervalType => INTERVAL_TYPES[i] ?? 'HOURLY';

/** minute, hour (0 for HOURLY), and day: day of week 1 (Sunday)..7 for WEEKLY, day of month 1..28 for MONTHLY. */
export interface Schedule {
  readonly minute: number;
  readonly hour: number;
  readonly day: number;
}

/**
 * Parses `MM` (HOURLY), `MM:HH` (DAILY) or `MM:HH:DD` (WEEKLY, MONTHLY); 431 when it does not
 * fit the interval type, with CloudStack's message.
 */
export function parseSchedule(type: IntervalType, schedule: string): Schedule {
  const bad = () => invalidParam(`Invalid schedule: ${schedule} for interval type: ${type}`);
  const parts = schedule.trim().split(':');
  const want = { HOURLY: 1, DAILY: 2, WEEKLY: 3, MONTHLY: 3 }[type];
  if (parts.length !== want || parts.some((p) => !/^\d{1,2}$/.test(p))) throw bad();
  const [minute = 0, hour = 0, day = 1] = parts.map(Number);
  if (minute > 59 || hour > 23) throw bad();
  if (type === 'WEEKLY' && (day < 1 || day > 7)) throw bad();
  // CloudStack allows no day of month past the 28th, so every month has the day.
  if (type === 'MONTHLY' && (day < 1 || day > 28)) throw bad();
  return { minute, hour, day };
}

export function isTimeZone(tz: string): boolean {
  if (tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  readonly y: number;
  readonly mo: number; // 0-based
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  /** 0 = Sunday. */
  readonly dow: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function wallOf(t: number, tz: string): Wall {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
    });
    formatters.set(tz, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return {
    y: Number(parts.year), mo: Number(parts.month) - 1, d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute),
    dow: WEEKDAYS.indexOf(String(parts.weekday)),
  };
}

/** Milliseconds the zone is ahead of UTC at instant t (to the minute). */
function offsetAt(t: number, tz: string): number {
  const w = wallOf(t, tz);
  return Date.UTC(w.y, w.mo, w.d, w.h, w.mi) - Math.floor(t / 60_000) * 60_000;
}

/** The instant a wall-clock time (Date.UTC-style fields, overflow allowed) names in the zone. */
function instantOf(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const guess = Date.UTC(y, mo, d, h, mi);
  const first = guess - offsetAt(guess, tz);
  const second = guess - offsetAt(first, tz);
  return second;
}

/** The first time strictly after `after` that the schedule names, in zone `tz`. */
export function nextRunTime(type: IntervalType, s: Schedule, tz: string, after: Date): Date {
  const now = after.getTime();
  const w = wallOf(now, tz);
  // Candidate k steps ahead of the current hour/day/week/month; a few steps always suffice.
  const candidate = (k: number): number => {
    switch (type) {
      case 'HOURLY':
        return instantOf(w.y, w.mo, w.d, w.h + k, s.minute, tz);
      case 'DAILY':
        return instantOf(w.y, w.mo, w.d + k, s.hour, s.minute, tz);
      case 'WEEKLY':
        return instantOf(w.y, w.mo, w.d + ((s.day - 1 - w.dow + 7) % 7) + 7 * k, s.hour, s.minute, tz);
      case 'MONTHLY':
        return instantOf(w.y, w.mo + k, s.day, s.hour, s.minute, tz);
    }
  };
  for (let k = 0; k < 4; k++) {
    const t = candidate(k);
    if (t > now) return new Date(t);
  }
  return new Date(candidate(4));
}
