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
  name: 'ask',
  description: usage.ask,
  integration_types: installs,
  contexts: everywhere,
  options: [
    searchOption('question', 'Your question, e.g. “did netflix read facebook messages?”', true),
    publicOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const answer = (answers: AnswerContext, args: ArgumentsOf<typeof data>, paging: Paging) =>
  answerSearch(answers, { mode: 'ask', query: args.question, ...paging });

export default {
  data,
  answer,
  execute: (context, args) =>
    respondWithSearch(context, answer(context.answers, args, discordPaging('ask')), args.public),
  autocomplete: (context, focused) => suggestChoices(context, focused.value, {}),
} satisfies ChatInputCommand<typeof data>;
