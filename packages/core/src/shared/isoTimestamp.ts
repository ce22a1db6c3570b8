/**
 * ISO 8601 timestamps as trackmap accepts them. `new Date(text)` reads far too much
 * ("1" is 2001-01-01, "May 5" is 2001-05-05, 2024-02-30 is March 1st), so the forms are
 * spelled out and the calendar is checked:
 *
 * - a date alone, `2024-05-01`, read as midnight UTC;
 * - a date and time with an offset: `2024-05-01T10:30Z`, `2024-05-01T10:30:00.123+02:00`,
 *   `+0200` or `+02`; a space may stand for the `T`, as PostgreSQL writes it.
 *
 * A time without an offset is refused: its time zone would be the server's.
 */
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

export type IsoTimestampResult = { ok: true; iso: string } | { ok: false; reason: string };

/** The timestamp as `toISOString()` gives it (UTC, milliseconds), or why it is not one. */
export function parseIsoTimestamp(text: string): IsoTimestampResult {
  const match = PATTERN.exec(text);
  if (!match) return { ok: false, reason: "is not an ISO 8601 date (2024-05-01) or date and time with an offset (2024-05-01T10:30:00Z)" };
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
  const [y, mo, d] = [Number(year), Number(month), Number(day)];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return { ok: false, reason: "is not a calendar date" };
  if (hour === undefined) return { ok: true, iso: utc(y, mo, d, 0, 0, 0, 0).toISOString() };
  if (!zulu && !sign) return { ok: false, reason: "has a time but no offset: add Z or +02:00 (without one, its time zone is the server's)" };
  const [h, mi, s] = [Number(hour), Number(minute), Number(second ?? 0)];
  const [oh, om] = [Number(offsetHours ?? 0), Number(offsetMinutes ?? 0)];
  if (h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return { ok: false, reason: "is not a time of day" };
  const milliseconds = Number((fraction ?? "").padEnd(3, "0").slice(0, 3));
  const offset = (sign === "-" ? -1 : 1) * (oh * 60 + om);
  return { ok: true, iso: utc(y, mo, d, h, mi - offset, s, milliseconds).toISOString() };
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** `Date.UTC` reads the years 0-99 as 1900-1999; setUTCFullYear does not. */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date;
}
