/** The query modes a terminal user can name, and how each is answered. */
import { type AnswerContext, answerAbout, answerSearch, answerSources } from '../answers/answer.js';
import type { Answer, SearchMode } from '../answers/types.js';

/** Modes the one-shot command and the console accept. */
export const terminalModes = ['claim', 'denial', 'timeline', 'ask', 'sources', 'about'] as const;
export type TerminalMode = (typeof terminalModes)[number];

/** True when `value` names a terminal mode. */
export function isTerminalMode(value: string): value is TerminalMode {
  return (terminalModes as readonly string[]).includes(value);
}

/** Answers a terminal request. */
export function answerMode(
  context: AnswerContext,
  mode: TerminalMode,
  query: string,
  page = 0,
  pageSize = 5,
): Answer {
  if (mode === 'sources') return answerSources(context);
  if (mode === 'about') return answerAbout(context);
  return answerSearch(context, { mode: mode satisfies SearchMode, query, page, pageSize });
}
