import {
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { type AnswerContext, answerSearch, usage } from '../src/answers/answer.js';
import { discordPaging, respondWithSearch, suggestChoices } from '../src/discord/answering.js';
import type { ArgumentsOf, ChatInputCommand, Paging } from '../src/discord/command.js';
import { everywhere, installs, searchOption } from './shared.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'timeline',
  description: usage.timeline,
  integration_types: installs,
  contexts: everywhere,
  options: [
    searchOption('query', 'A year (“2017”), a month (“may 2018”) or words; leave empty for every event'),
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const answer = (answers: AnswerContext, args: ArgumentsOf<typeof data>, paging: Paging) =>
  answerSearch(answers, { mode: 'timeline', query: args.query ?? '', ...paging });

export default {
  data,
  answer,
  execute: (context, args) =>
    respondWithSearch(context, answer(context.answers, args, discordPaging('timeline'))),
  autocomplete: (context, focused) => suggestChoices(context, focused.value, { periods: true }),
} satisfies ChatInputCommand<typeof data>;
