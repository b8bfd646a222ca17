/** The shared body of the search commands: read, answer, render. */
import type { APIApplicationCommandOptionChoice, APIInteractionResponse } from 'discord-api-types/v10';
import { answerSearch } from '../answers/answer.js';
import type { SearchMode } from '../answers/types.js';
import type { Stance } from '../knowledge/types.js';
import { suggest } from '../search/suggest.js';
import type { CommandContext } from './command.js';
import { pageSizeFor, renderInteractionResponse } from './render.js';

/** Answers a search command, privately unless the member or the channel asks otherwise. */
export function answerSearchCommand(
  context: CommandContext,
  mode: SearchMode,
  query: string,
  requestedPublic?: boolean,
): APIInteractionResponse {
  const { pack } = context.answers;
  const answer = answerSearch(context.answers, { mode, query, pageSize: pageSizeFor(mode) });
  // Nothing found is said to the member alone, whatever was asked.
  const ephemeral = answer.kind === 'empty' || context.ephemeral(requestedPublic);
  if (!ephemeral) {
    const refusal = context.publicAllowed();
    if (refusal) return refusal;
  }
  return renderInteractionResponse(answer, pack, {
    ephemeral,
    pin: !ephemeral && context.canPin,
    ref: { by: 'query', mode, query, page: 0 },
    publicUrl: context.publicUrl,
  });
}

/** Autocomplete choices for a search command's query option. */
export function suggestChoices(
  context: CommandContext,
  typed: string,
  options: { stances?: readonly Stance[]; periods?: boolean },
): APIApplicationCommandOptionChoice<string>[] {
  return suggest(context.answers.pack, typed, options).map(({ label, value }) => ({ name: label, value }));
}
