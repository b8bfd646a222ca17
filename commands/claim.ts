import {
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { type AnswerContext, answerSearch, usage } from '../src/answers/answer.js';
import { discordPaging, respondWithSearch, suggestChoices } from '../src/discord/answering.js';
import type { ArgumentsOf, ChatInputCommand, Paging } from '../src/discord/command.js';
import { everywhere, installs, publicOption, searchOption } from './shared.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'claim',
  description: usage.claim,
  integration_types: installs,
  contexts: everywhere,
  options: [
    searchOption('query', 'Words to look for, e.g. “inbox api”; leave empty to list every claim'),
    publicOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const answer = (answers: AnswerContext, args: ArgumentsOf<typeof data>, paging: Paging) =>
  answerSearch(answers, { mode: 'claim', query: args.query ?? '', ...paging });

export default {
  data,
  answer,
  execute: (context, args) =>
    respondWithSearch(context, answer(context.answers, args, discordPaging('claim')), args.public),
  autocomplete: (context, focused) => suggestChoices(context, focused.value, { stances: ['claim'] }),
} satisfies ChatInputCommand<typeof data>;
