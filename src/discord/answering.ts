/** The shared body of the search commands: answer, record, then send to Discord. */
import type { APIApplicationCommandOptionChoice, APIInteractionResponse } from 'discord-api-types/v10';
import { answerSearch } from '../answers/answer.js';
import type { EmptyAnswer, ResultsAnswer, SearchMode } from '../answers/types.js';
import type { Stance } from '../knowledge/types.js';
import { suggest } from '../search/suggest.js';
import type { CommandContext, Paging } from './command.js';
import { answerRecords, writeQuestion, writeShown } from './recording.js';
import { pageSizeFor, renderInteractionResponse } from './render.js';

/** The first page of a search, as many results as Discord shows at once. */
export function discordPaging(mode: SearchMode): Paging {
  return { page: 0, pageSize: pageSizeFor(mode) };
}

/**
 * Sends a search answer to Discord, privately unless the member or the channel asks otherwise,
 * and records what the store keeps of it: an unanswered or weak question, the statements shown.
 */
export async function respondWithSearch(
  context: CommandContext,
  answer: ResultsAnswer | EmptyAnswer,
  requestedPublic?: boolean,
): Promise<APIInteractionResponse> {
  const { pack } = context.answers;
  // Nothing found is said to the member alone, whatever was asked.
  const ephemeral = answer.kind === 'empty' || context.ephemeral(requestedPublic);
  const records = answerRecords(answer, pack, { question: true, posted: !ephemeral });
  writeQuestion(context.recorder, context.interaction, records);
  if (!ephemeral) {
    const refusal = await context.publicAllowed();
    if (refusal) return refusal;
  }
  writeShown(context.recorder, context.interaction, records);
  context.keepRecords?.(records);
  return renderInteractionResponse(answer, pack, {
    ephemeral,
    pin: !ephemeral && context.canPin,
    ref: { by: 'query', mode: answer.mode, query: answer.query, page: 0 },
    publicUrl: context.publicUrl,
  });
}

/** Answers a search in Discord: its first page, sent with {@link respondWithSearch}. */
export function answerSearchCommand(
  context: CommandContext,
  mode: SearchMode,
  query: string,
  requestedPublic?: boolean,
): Promise<APIInteractionResponse> {
  const answer = answerSearch(context.answers, { mode, query, ...discordPaging(mode) });
  return respondWithSearch(context, answer, requestedPublic);
}

/** Autocomplete choices for a search command's query option. */
export function suggestChoices(
  context: CommandContext,
  typed: string,
  options: { stances?: readonly Stance[]; periods?: boolean },
): APIApplicationCommandOptionChoice<string>[] {
  return suggest(context.answers.pack, typed, options).map(({ label, value }) => ({ name: label, value }));
}
