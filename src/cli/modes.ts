/** The query modes a terminal user can name, and how each is answered. */
import { type AnswerContext, answerAbout, answerSearch, answerSources } from '../answers/answer.js';
import type { Answer, SearchMode } from '../answers/types.js';
import { answerVerbatim } from '../answers/verbatim.js';

/**
 * Modes the one-shot command and the console accept. `verbatim <id>` shows a statement's words
 * as its source holds them: the step away at which a passage garbled past reading is kept.
 */
export const terminalModes = ['claim', 'denial', 'timeline', 'ask', 'sources', 'about', 'verbatim'] as const;
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
  if (mode === 'verbatim') {
    return (
      answerVerbatim(context, query) ?? {
        kind: 'empty',
        mode: 'ask',
        query,
        reason: 'no-match',
        suggestions: context.pack.meta.suggestions,
      }
    );
  }
  return answerSearch(context, { mode: mode satisfies SearchMode, query, page, pageSize });
}
