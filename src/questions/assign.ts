import type { Message, Question } from '../model/transcript.ts';
export interface AssignOptions { hosts?: string[]; assign?: Record<string, string | null> }
export interface AssignResult { questions: Question[]; hosts: string[]; hostsFrom: 'given' | 'inferred' | 'none'; diagnostics: import('../model/transcript.ts').Diagnostic[] }
export function assignQuestions(messages: Message[], options: AssignOptions): AssignResult {
  return { questions: [], hosts: options.hosts ?? [], hostsFrom: options.hosts?.length ? 'given' : 'none', diagnostics: [] };
}
