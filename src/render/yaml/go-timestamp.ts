/**
 * go-yaml's timestamp rule: a plain scalar that Go's `time.Parse` accepts with one of the
 * layouts "2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case "t",
 * "2006-1-2 15:4:5.999999999" or "2006-1-2" is a timestamp. kustomize re-prints such a value
 * with `time.RFC3339Nano` (through `json.Marshal`), so `2001-12-14` becomes
 * "2001-12-14T00:00:00Z".
 */

const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?(Z|[+-]\d\d:\d\d)?)?$/u;

function countDaysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Offset text of a zone written as "Z" or "±hh:mm", or undefined when Go rejects it. */
function formatZone(zone: string | undefined): string | undefined {
  if (zone === undefined || zone === 'Z') return 'Z';
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 24 || minutes > 60) return undefined;
  const total = hours * 60 + minutes;
  if (total === 0) return 'Z';
  return `${zone[0] ?? '+'}${pad(Math.floor(total / 60), 2)}:${pad(total % 60, 2)}`;
}

/** Fraction of a second as RFC3339Nano prints it: at most 9 digits, trailing zeros dropped. */
function formatFraction(digits: string | undefined): string {
  const nanos = (digits ?? '').slice(0, 9).padEnd(9, '0').replace(/0+$/u, '');
  return nanos === '' ? '' : `.${nanos}`;
}

/**
 * The RFC3339Nano text of `text` when go-yaml resolves the plain scalar as a timestamp, else
 * undefined.
 */
export function convertGoTimestamp(text: string): string | undefined {
  const code = text.charCodeAt(4);
  if (code !== 45 /* - */) return undefined;
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, year = '', month = '', day = '', separator, hour, minute, second, fraction, zone] =
    match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > countDaysIn(m, y)) return undefined;
  const date = `${year}-${pad(m, 2)}-${pad(d, 2)}`;
  if (separator === undefined) return `${date}T00:00:00Z`;
  // "T"/"t" layouts require a zone; the space layout allows none.
  if ((separator === ' ') !== (zone === undefined)) return undefined;
  const [h, min, s] = [Number(hour), Number(minute), Number(second)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  const offset = formatZone(zone);
  if (offset === undefined) return undefined;
  return `${date}T${pad(h, 2)}:${pad(min, 2)}:${pad(s, 2)}${formatFraction(fraction)}${offset}`;
}
