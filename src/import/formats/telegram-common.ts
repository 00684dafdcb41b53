/**
 * What the Telegram Desktop importers (telegram-json, telegram-html) share:
 * reading a wall-clock time in a zone (Telegram writes most times without
 * a UTC offset), handles made from display names (Telegram names are free
 * text), media as attachments or as a placeholder text when the export left
 * the file out. (The entries of a cut-short JSON file: json-salvage.ts.)
 *
 * Every regular expression here is anchored with single quantifiers, and
 * every scan is linear in its input.
 */
import { wallClockToUtc } from '../time.ts';
import { handleProblem, preview } from '../../model/entities.ts';
import { sha256Hex } from '../../model/ids.ts';
import type { Diagnostic } from '../../model/transcript.ts';
import { isDay } from './text-lines.ts';

/** Wall-clock parts of a time as written; `offset` in minutes east of UTC when the value carries one. */
export interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  offset: number | null;
}

/**
 * The instant of wall-clock parts as an ISO time in UTC: by the value's own
 * offset, else in `zone` ("utc" or an IANA name, see time.ts's zoneOf and
 * wallClockToUtc). Null for a day that is not in the calendar, a
 * year outside 1990-2200 or an hour, minute or second out of range.
 */
export function wallToIso(w: Wall, zone: string): string | null {
  if (w.y < 1990 || w.y > 2200 || !isDay(w.y, w.mo, w.d) || w.h > 23 || w.mi > 59 || w.s > 59) return null;
  if (w.offset === null) return wallClockToUtc(w.y, w.mo, w.d, w.h, w.mi, w.s, 0, zone);
  if (Math.abs(w.offset) > 18 * 60) return null;
  return new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - w.offset * 60000).toISOString();
}

/** `2022-09-30T12:03:21` as Telegram's JSON writes `date` (no offset; a `Z` or `+hh:mm` is read too). */
const JSON_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:?\d{2})?$/;
/** `20.07.2019 17:25:23` or `20.07.2019 17:25:23 UTC+03:00` as the HTML's `date details` titles write it. */
const HTML_DATE = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-]\d{2}):?(\d{2}))?$/;

/** Minutes of an offset written `+03:00`, `-0530` or `Z`. */
function offsetMinutes(sign: string, hh: string, mm: string): number {
  return (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
}

/** The parts of a JSON `date`, or null when it is not one. */
export function jsonDateWall(raw: string): Wall | null {
  if (raw.length > 40) return null;
  const m = JSON_DATE.exec(raw.trim());
  if (!m) return null;
  const z = m[7];
  const offset = !z ? null : z === 'Z' ? 0 : offsetMinutes(z[0], z.slice(1, 3), z.slice(-2));
  return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), h: Number(m[4]), mi: Number(m[5]), s: Number(m[6]), offset };
}

/** The parts of an HTML `date details` title, or null when it is not one. */
export function htmlDateWall(raw: string): Wall | null {
  if (raw.length > 60) return null;
  const m = HTML_DATE.exec(raw.trim());
  if (!m) return null;
  const offset = m[7] ? offsetMinutes(m[7][0], m[7].slice(1), m[8]) : null;
  return { y: Number(m[3]), mo: Number(m[2]), d: Number(m[1]), h: Number(m[4]), mi: Number(m[5]), s: Number(m[6]), offset };
}

/**
 * `preview` of a string that may be long, at the cost of its first part
 * only (preview spreads the whole string into code points): cut at `max`
 * UTF-16 units (never inside a surrogate pair), quoted.
 */
export function shortPreview(s: string, max = 40): string {
  let cut = s;
  if (s.length > max) {
    const end = (s.charCodeAt(max - 1) & 0xfc00) === 0xd800 ? max - 1 : max;
    cut = `${s.slice(0, end)}…`;
  }
  // Invisible characters get preview's escapes; plain text (nearly all) is quoted as it is.
  return INVISIBLE.test(cut) ? preview(s.length > 2 * max + 2 ? s.slice(0, 2 * max + 2) : s, max) : JSON.stringify(cut);
}

/** What `preview` escapes. */
const INVISIBLE = /[\p{C}\u2028\u2029]/u;

/** Characters a handle may not hold (see handleProblem), and white space other than a plain space. */
const NOT_IN_HANDLE = /[<>"'`&\\/\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\s\p{Z}]/gu;

/** Telegram's own name for an author whose account is gone (`from: null` in the JSON). */
export const DELETED_ACCOUNT = 'Deleted Account';

/** A readable handle made from a name that is not one: forbidden characters as spaces, 48 characters at most, `~` and 6 hex digits of `basis`. */
export function madeHandle(name: string, basis: string): string {
  const base = [...name.replace(NOT_IN_HANDLE, ' ').replace(/ {2,}/g, ' ').trim()].slice(0, 48).join('').trim();
  return `${base || 'anonymous'}~${sha256Hex(basis).slice(0, 6)}`;
}

/**
 * Handles for Telegram authors, one per sender id (`from_id`, a stable
 * basis: the same person keeps their handle when they rename, and two
 * people with the same name get two). Given every (id, name) pair of a
 * file first (`add`), then asked per message (`handle`):
 * - a sender's handle comes from the last name the file shows for it;
 * - that name is the handle when it is a plausible one (see handleProblem)
 *   and no other sender id in the file uses it;
 * - else it is the name made plausible plus `~` and 6 hex digits of a hash
 *   of the sender id (`Deleted Account~3f2a1b`).
 * Without a sender id, the name is the basis.
 */
export class SenderHandles {
  private readonly lastName = new Map<string, string>();
  private readonly idsByName = new Map<string, Set<string>>();
  private readonly byBasis = new Map<string, string>();
  private indexed = false;
  private made = 0;
  private shared = 0;
  private example = '';

  /** Records that sender `id` (or the name itself, without one) wrote as `name`. */
  add(id: string | null, name: string): void {
    const basis = id ?? `name:${name}`;
    this.lastName.set(basis, name);
  }

  /** The handle of sender `id` writing as `name` (after every `add`). */
  handle(id: string | null, name: string): string {
    const basis = id ?? `name:${name}`;
    let h = this.byBasis.get(basis);
    if (h !== undefined) return h;
    if (!this.indexed) this.indexNames();
    const chosen = this.lastName.get(basis) ?? name;
    const sharers = this.idsByName.get(chosen)?.size ?? 1;
    if (!handleProblem(chosen) && sharers <= 1) h = chosen;
    else {
      h = madeHandle(chosen, basis);
      if (sharers > 1) this.shared++;
      if (this.made++ === 0) this.example = `${preview(chosen)} -> ${preview(h, 60)}`;
    }
    this.byBasis.set(basis, h);
    return h;
  }

  /** Which sender ids use each (last) name. */
  private indexNames(): void {
    for (const [basis, name] of this.lastName) {
      let ids = this.idsByName.get(name);
      if (!ids) this.idsByName.set(name, (ids = new Set()));
      ids.add(basis);
    }
    this.indexed = true;
  }

  /** One info diagnostic when some senders needed a made handle. */
  diagnostic(file: string): Diagnostic | null {
    if (!this.made) return null;
    return {
      severity: 'info',
      code: 'handle-from-name',
      message: `${this.made} sender(s) got a handle made from their name and sender id (e.g. ${this.example}): ${this.shared} share their name with another sender, the others' names are not usable as handles; the full name is kept`,
      file,
    };
  }
}

/** The words Telegram uses for a kind of media, for placeholders ("photo", "voice message"). */
export function mediaWord(kind: string): string {
  return (kind.includes('_') ? kind.replace(/_/g, ' ') : kind).trim().toLowerCase() || 'file';
}

/** Whether a Telegram media path is its "not included" note: `(File not included. …)`, `(File exceeds maximum size. …)`. */
export function isNotIncluded(path: string): boolean {
  return path.startsWith('(') && path.endsWith(')');
}

/**
 * The placeholder text of a message that has no text and none of whose
 * media was kept (`[photo not included in the export]`), so that the
 * message, often an answer, still shows.
 */
export function placeholder(kind: string, included: boolean, detail?: string | null): string {
  const what = mediaWord(kind);
  return `[${what}${detail ? ` ${detail}` : ''}${included ? '' : ' not included in the export'}]`;
}

/** Entry offsets and lines of a result.json's messages: entry-offsets.ts (one scan for every JSON importer). */
export { entryOffsets } from './entry-offsets.ts';
