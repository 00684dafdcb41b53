/**
 * The shape of a chat in time: which chats an export holds (a story of two
 * evenings, a room saved over a week), and when the chosen one starts and
 * ends. Before its first question is the warm-up; after the hosts' closing
 * words, or a long quiet after the last question, is after the chat.
 */
import { handleKey, type Diagnostic, type Message } from '../model/transcript.ts';
import { isClosing } from './tags.ts';

/** A question message the hosts posted, with its id. */
export interface Asked {
  id: string;
  message: Message;
}

/** One chat of an export: its questions, in the order asked. */
export interface Session {
  asked: Asked[];
  start: string;
  /** The time the next session's first question is asked (null for the last). */
  nextStart: string | null;
}

const HOUR = 3_600_000;
/** Questions further apart than this belong to different chats. */
const SESSION_GAP_MS = 6 * HOUR;
/** A question id asked again after this long starts another chat. */
const REPEAT_GAP_MS = 2 * HOUR;

const ms = (time: string) => Date.parse(time);

/** Split the hosts' questions into chats: by long gaps, and by the sequence starting over. */
export function splitSessions(asked: Asked[]): Session[] {
  const groups: Asked[][] = [];
  for (const a of asked) {
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    const gap = last ? ms(a.message.time) - ms(last.message.time) : 0;
    const repeated = group?.some((g) => g.id === a.id) ?? false;
    if (!group || gap >= SESSION_GAP_MS || (repeated && gap >= REPEAT_GAP_MS)) groups.push([a]);
    else group.push(a);
  }
  return groups.map((g, i) => ({ asked: g, start: g[0].message.time, nextStart: groups[i + 1]?.[0].message.time ?? null }));
}

/** "2016-04-08 15:04–16:10 UTC (Q1–Q8)": a session for a warning. */
function describe(s: Session, index: number): string {
  const from = s.asked[0].message.time;
  const to = s.asked[s.asked.length - 1].message.time;
  const ids = s.asked.map((a) => a.id);
  return `${index + 1}) ${from.slice(0, 16).replace('T', ' ')}–${to.slice(0, 10) === from.slice(0, 10) ? to.slice(11, 16) : to.slice(0, 16).replace('T', ' ')} UTC (${ids[0]}–${ids[ids.length - 1]})`;
}

/**
 * The session to publish: the editor's choice, else the one with the most
 * questions (the first of equals), with a warning naming every session so two
 * chats are never merged silently.
 */
export function pickSession(sessions: Session[], chosen: number | undefined, diagnostics: Diagnostic[]): Session | null {
  if (!sessions.length) return null;
  if (chosen !== undefined && (chosen < 1 || chosen > sessions.length)) {
    diagnostics.push({ severity: 'error', code: 'session-unknown', message: `session ${chosen}: the export holds ${sessions.length} chat(s): ${sessions.map(describe).join('; ')}`, file: '(session)' });
    chosen = undefined;
  }
  let index = chosen !== undefined ? chosen - 1 : 0;
  if (chosen === undefined) {
    for (let i = 1; i < sessions.length; i++) if (sessions[i].asked.length > sessions[index].asked.length) index = i;
  }
  if (sessions.length > 1 && chosen === undefined) {
    diagnostics.push({
      severity: 'warning',
      code: 'several-chats',
      message: `the export holds ${sessions.length} chats: ${sessions.map(describe).join('; ')}. Recapping chat ${index + 1}; set "session: N" (or start/end) in the notes to choose`,
      file: '(session)',
    });
  }
  return sessions[index];
}

/** The middle value (0 for none). */
function median(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * When the chat's discussion ends: its last message before the hosts' first
 * closing words after the last question ("Thanks everyone for joining", "That's
 * a wrap"; the goodbyes are after the chat), else the last message before a
 * long quiet (twice the usual time between questions, at least 20 minutes),
 * never later than the next chat in the export.
 */
export function chatEnd(messages: Message[], session: Session, hostKeys: Set<string>): string {
  const lastAsked = session.asked[session.asked.length - 1].message.time;
  const limit = session.nextStart;
  const within = messages.filter((m) => m.time >= lastAsked && (!limit || m.time < limit));
  const closing = within.find((m) => hostKeys.has(handleKey(m.author.handle)) && !m.retweetOf && m.time > lastAsked && isClosing(m.text));
  if (closing) return within.filter((m) => m.time < closing.time).pop()?.time ?? lastAsked;
  const spacing = session.asked.slice(1).map((a, i) => ms(a.message.time) - ms(session.asked[i].message.time));
  const quiet = Math.max(20 * 60_000, 2 * median(spacing));
  let end = lastAsked;
  for (const m of within) {
    if (ms(m.time) - ms(end) > quiet) break;
    end = m.time;
  }
  return end;
}
