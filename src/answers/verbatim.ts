/** A statement's words exactly as its source holds them, even where they are garbled past reading. */
import type { AnswerContext } from './answer.js';
import type { VerbatimAnswer } from './types.js';

/** The statement `id` word for word, or null when the pack has no such statement. */
export function answerVerbatim(ctx: AnswerContext, id: string): VerbatimAnswer | null {
  const statement = ctx.pack.byId.statements.get(id.trim());
  return statement ? { kind: 'verbatim', statement } : null;
}
