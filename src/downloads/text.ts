/**
 * `<slug>.txt`: plain text for reading anywhere, never wrapped. One line per
 * message, `[HH:MM] @handle: text`, under `== heading · date ==` group lines;
 * `-- date --` marks a new day inside a group. A message's own line breaks
 * continue on lines indented by four spaces, so every line that starts with
 * "[" starts a message. Pictures and videos follow on such lines too:
 * `    Image: alt <https://...>`.
 */
import type { Message, Transcript } from '../model/transcript.ts';
import { attachmentLines, oneLine, transcriptLayout, type LocalTime, type TranscriptLayout } from './layout.ts';
import { utf8, type DownloadContext, type DownloadFile } from './types.ts';

export const TEXT_CONTINUATION = '    ';

function line(m: Message, lt: LocalTime): string {
  const text = m.text.split(/\r\n|\r|\n/).join(`\n${TEXT_CONTINUATION}`);
  const media = attachmentLines(m).map((a) => `\n${TEXT_CONTINUATION}${a.label}${a.url ? ` <${a.url}>` : ''}`);
  return `[${lt.clock}] @${oneLine(m.author.handle)}: ${text}${media.join('')}`;
}

/** `layout` is the transcript's (transcriptLayout), when the caller already has it. */
export function renderText(t: Transcript, ctx: Pick<DownloadContext, 'slug' | 'title' | 'timezone' | 'questionTexts'>, layout: TranscriptLayout = transcriptLayout(t, ctx)): DownloadFile {
  const { zone, sections } = layout;
  const out: string[] = [];
  out.push(oneLine(ctx.title) || 'Transcript');
  out.push(`${t.messages.length} messages from ${t.participants.length} participants. Times are ${zone}.`);
  for (const section of sections) {
    out.push('');
    const first = section.days[0];
    out.push(`== ${section.heading}${first ? ` · ${first.label}` : ''} ==`);
    if (!section.count) out.push('(no messages)');
    section.days.forEach((day, i) => {
      if (i > 0) out.push(`-- ${day.label} --`);
      for (const m of day.messages) out.push(line(m, layout.time(m)));
    });
  }
  return { name: `${ctx.slug}.txt`, bytes: utf8(out.join('\n') + '\n'), mediaType: 'text/plain; charset=utf-8' };
}
