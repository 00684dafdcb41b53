/** `jamrecap import`: read chat exports into one transcript JSON (the model), with a report of what was kept, merged and skipped. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importFiles } from '../../import/pipeline.ts';
import type { SelectorSpec } from '../../import/importer.ts';
import type { Transcript } from '../../model/transcript.ts';
import type { Command } from '../main.ts';
import { clipMessage, printable } from '../../notes/problems.ts';
import { EXIT, UsageError, VERBOSITY_OPTIONS, verbosityOf } from '../exit.ts';
import { Progress } from '../progress.ts';

const usage = `Usage: jamrecap import FILE... [options]

Reads chat exports and writes one transcript (JSON, schema jamrecap.transcript/1)
to standard output, and one summary line to standard error. Several exports of
one chat (of any formats) are merged: the same id, or the same author and text
within two minutes, is one message; a coverage report says what each export
adds and when none has messages.

Exit codes: 0 imported (warnings are printed); 1 imported, but an export had errors
(the transcript is partial: see the diagnostics), or no message was kept; 2 a file is
unreadable, unrecognized, or the command line is wrong.

Options:
  --format NAME        importer to use (default: detect per file; see \`jamrecap formats\`)
  --host HANDLE        a host of the chat (repeatable; default: inferred from who asks Q1, Q2, ...)
  --shape SHAPE        tweetchat (hosts ask Q1, Q2, ...) or ama (the crowd asks guests); default: detected
  --guest HANDLE       a guest of an AMA (repeatable; implies --shape ama; default: inferred from who
                       answers many askers)
  --out FILE           write the transcript to FILE instead of standard output
  --title TEXT         title of the jam (default: the page title)
  --time-zone ZONE     zone of times written without an offset (default UTC)
  --date YYYY-MM-DD    the chat's day, for exports whose times have no date (Zoom)
  --channel NAME       the channel of a workspace export holding several (Slack; a Telegram account export's chat id)
  --person HANDLE=ALIAS,ALIAS...
                       show the aliases' messages (handles or display names in other
                       exports) under HANDLE (repeatable; as the notes' \`people:\`)
  --quiet, -q          print errors only (no warnings, no summary line)
  --verbose            also print the info-level findings (notes kept, merged duplicates, ...)
  Selectors for any other saved chat page (implies --format selectors):
  --message CSS  --author CSS  --time CSS  --text CSS
  --time-attr NAME     attribute of the time element holding the time (default: its text)
  --time-format FMT    luxon format of the time, e.g. "dd-MMM-yy hh:mm a"
  --group CSS          container of consecutive messages that share one author/time header
  --permalink CSS      element whose href is the message's permalink
  --id-attr NAME       attribute of the message element holding its id`;

/** --time-zone must be an IANA zone Intl knows, --date a real day written YYYY-MM-DD. */
function checkZoneAndDate(zone: string | undefined, date: string | undefined): void {
  if (zone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      throw new UsageError(`--time-zone "${printable(zone)}" is not a known IANA time zone (e.g. America/New_York, Europe/London, UTC)`);
    }
  }
  if (date !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!d || d.toISOString().slice(0, 10) !== date) throw new UsageError(`--date "${printable(date)}" is not a day: write YYYY-MM-DD, e.g. 2020-05-12`);
  }
}

/** `--person handle=alias1,alias2` (repeatable) as the notes' `people:` map. */
export function parsePeople(values: string[] | undefined): Record<string, string[]> | undefined {
  if (!values?.length) return undefined;
  const people: Record<string, string[]> = Object.create(null);
  const owner = new Map<string, string>();
  const key = (s: string) => s.replace(/^@/, '').replace(/\s+/g, ' ').trim().normalize('NFC').toLowerCase();
  for (const v of values) {
    const eq = v.indexOf('=');
    const handle = (eq < 0 ? '' : v.slice(0, eq)).trim().replace(/^@/, '');
    const aliases = (eq < 0 ? '' : v.slice(eq + 1)).split(',').map((a) => a.trim()).filter(Boolean);
    if (!/^[^\s@/\\<>"'`]{1,64}$/u.test(handle) || !aliases.length) {
      throw new UsageError(`--person "${printable(v)}": write HANDLE=ALIAS[,ALIAS...], e.g. --person janedoe="Jane Doe",jane_d`);
    }
    for (const a of aliases) {
      const prior = owner.get(key(a));
      if (prior !== undefined && prior !== handle) throw new UsageError(`--person: "${printable(a)}" is an alias of both ${printable(prior)} and ${printable(handle)}`);
      owner.set(key(a), handle);
    }
    people[handle] = [...(people[handle] ?? []), ...aliases];
  }
  return people;
}

/** `2019-06-26 20:43` of an ISO time. */
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * The coverage report of a transcript merged from several exports: a row per
 * export (messages contributed, unique to it, merged with another's), then
 * the spans where no export has messages (the longest three). Empty for one export.
 */
export function coverageLines(t: Transcript): string[] {
  if (t.sources.length < 2) return [];
  const names = t.sources.map((s) => `${printable(s.file)} (${s.format})`);
  const width = Math.max(6, ...names.map((n) => n.length));
  const cell = (v: string | number) => String(v).padStart(11);
  const lines = [`coverage of ${t.sources.length} exports:`, `  ${'export'.padEnd(width)}${cell('contributed')}${cell('unique')}${cell('merged')}`];
  t.sources.forEach((s, i) => {
    const c = s.coverage;
    lines.push(`  ${names[i].padEnd(width)}${cell(c?.contributed ?? '-')}${cell(c?.unique ?? '-')}${cell(c?.merged ?? '-')}`);
  });
  const gaps = t.jam.gaps ?? [];
  if (!gaps.length) lines.push('  no span of 5 minutes or more without messages in any export');
  else {
    const longest = [...gaps].sort((a, b) => b.minutes - a.minutes || (a.start < b.start ? -1 : 1)).slice(0, 3);
    lines.push(`  ${gaps.length} span${gaps.length === 1 ? '' : 's'} of 5 minutes or more with no message in any export${gaps.length > 3 ? ', the longest' : ''}:`);
    for (const g of longest) lines.push(`    ${minute(g.start)} to ${minute(g.end)} UTC (${g.minutes} min)`);
  }
  return lines;
}

/** --shape must be tweetchat or ama. */
function checkShape(shape: string | undefined): 'tweetchat' | 'ama' | undefined {
  if (shape === undefined) return undefined;
  const s = shape.trim().toLowerCase();
  if (s !== 'tweetchat' && s !== 'ama') throw new UsageError(`--shape "${printable(shape)}" is not a shape: write --shape tweetchat (hosts ask Q1, Q2, ...) or --shape ama (the crowd asks guests)`);
  return s;
}

/** Each --guest must be a handle (with or without "@"; inner spaces are fine: Discord names). */
function checkGuests(guests: string[] | undefined): string[] | undefined {
  if (!guests) return undefined;
  return guests.map((g) => {
    const h = g.trim().replace(/^@/, '');
    if (!h || h.length > 64 || /[@/\\<>"'`\t\n\r]/.test(h)) throw new UsageError(`--guest "${printable(g)}" is not a handle: give it as the export shows it, e.g. --guest kemitche`);
    return h;
  });
}

/** One line for stderr: what came in, what went out. */
export function summaryLine(t: Transcript): string {
  const sum = (k: 'found' | 'kept' | 'merged' | 'skipped') => t.sources.reduce((n, s) => n + s[k], 0);
  const attachments = t.messages.reduce((n, m) => n + m.attachments.length, 0);
  const notes = t.sources.reduce((n, s) => n + s.notes.length, 0);
  return (
    `${t.messages.length} messages, ${t.participants.length} participants, ${t.questions.length} questions, ` +
    `${attachments} attachments, ${notes} notes, ` +
    `${sum('merged')} duplicates merged, ${sum('skipped')} skipped (${sum('found')} found in ${t.sources.length} file${t.sources.length === 1 ? '' : 's'})`
  );
}

export const command: Command = {
  summary: 'import chat exports into one transcript (JSON)',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        host: { type: 'string', multiple: true },
        shape: { type: 'string' },
        guest: { type: 'string', multiple: true },
        out: { type: 'string' },
        title: { type: 'string' },
        message: { type: 'string' },
        author: { type: 'string' },
        time: { type: 'string' },
        text: { type: 'string' },
        'time-attr': { type: 'string' },
        'time-format': { type: 'string' },
        'time-zone': { type: 'string' },
        date: { type: 'string' },
        channel: { type: 'string' },
        person: { type: 'string', multiple: true },
        permalink: { type: 'string' },
        group: { type: 'string' },
        'id-attr': { type: 'string' },
        ...VERBOSITY_OPTIONS,
      },
    });
    const verbosity = verbosityOf(values);
    if (!positionals.length) throw new UsageError('no FILE given: name the chat export(s) to read, e.g. jamrecap import chat.html --out chat.json');
    checkZoneAndDate(values['time-zone'], values.date);
    const shape = checkShape(values.shape);
    const guests = checkGuests(values.guest);
    const people = parsePeople(values.person);
    let selectors: SelectorSpec | undefined;
    const sel = [values.message, values.author, values.time, values.text];
    if (sel.some((v) => v !== undefined)) {
      if (sel.some((v) => v === undefined)) {
        const missing = ['message', 'author', 'time', 'text'].filter((k, i) => sel[i] === undefined).map((k) => `--${k}`);
        throw new UsageError(`selectors need all of --message, --author, --time and --text: add ${missing.join(', ')}`);
      }
      selectors = {
        message: values.message!,
        author: values.author!,
        time: values.time!,
        text: values.text!,
        timeAttr: values['time-attr'],
        timeFormat: values['time-format'],
        timeZone: values['time-zone'],
        permalink: values.permalink,
        group: values.group,
        idAttr: values['id-attr'],
      };
    }
    const progress = new Progress({ quiet: verbosity === 'quiet' });
    const transcript = importFiles(positionals, {
      format: values.format ?? (selectors ? 'selectors' : undefined),
      hosts: values.host,
      title: values.title,
      selectors,
      timeZone: values['time-zone'],
      date: values.date,
      ...(values.channel ? { channel: values.channel.replace(/^#/, '') } : {}),
      ...(people ? { people } : {}),
      ...(shape ? { shape } : {}),
      ...(guests ? { guests } : {}),
      onFile: (n, total, messages) => progress.update('file', n, total, messages),
    });
    progress.finish();
    const json = JSON.stringify(transcript, null, 2) + '\n';
    if (values.out) writeFileSync(values.out, json);
    else process.stdout.write(json);
    for (const s of transcript.sources) {
      for (const d of s.diagnostics) {
        // One line each: a file name or an echoed value may hold control characters.
        const shown = d.severity === 'error' || (d.severity === 'warning' && verbosity !== 'quiet') || verbosity === 'verbose';
        if (shown) process.stderr.write(`${printable(d.file)}${d.line ? `:${d.line}` : ''}: ${d.severity}: ${printable(clipMessage(d.message))}\n`);
      }
    }
    if (verbosity !== 'quiet') {
      process.stderr.write(summaryLine(transcript) + '\n');
      for (const line of coverageLines(transcript)) process.stderr.write(line + '\n');
    }
    if (transcript.messages.length === 0) {
      process.stderr.write(`jamrecap import: no message was kept: ${emptyHint(transcript)}\n`);
      return EXIT.problems;
    }
    // Exit 1 when an export had errors (e.g. a transcript JSON that does not parse): the output is partial.
    return transcript.sources.some((s) => s.diagnostics.some((d) => d.severity === 'error')) ? EXIT.problems : EXIT.ok;
  },
};

/** Why an import kept nothing, and what to try. */
function emptyHint(t: Transcript): string {
  const formats = [...new Set(t.sources.map((s) => s.format))].join(', ');
  const skipped = t.sources.flatMap((s) => s.diagnostics.filter((d) => d.severity !== 'info')).map((d) => d.code);
  if (skipped.includes('time-unreadable')) return `the times could not be read (format ${formats}): give --time-format (and --time-zone), e.g. --time-format "dd-MMM-yy hh:mm a"`;
  if (formats === 'selectors') return 'the selectors matched no complete message: check --message, --author, --time and --text (and --group for pages that show the author once per group)';
  // The importer said why (a workspace export needs --channel, a page of service entries only): that error is above.
  if (t.sources.some((s) => s.found === 0 && s.diagnostics.some((d) => d.severity === 'error'))) return 'see the error above';
  if (t.sources.every((s) => s.found > 0 && s.found === s.skipped)) return `every message found was skipped (${formats}): the warnings above say why`;
  return `nothing in the file reads as a ${formats} message; if it is another kind of chat page, give CSS selectors (see jamrecap import --help)`;
}
