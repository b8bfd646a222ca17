import {
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { usage } from '../src/answers/answer.js';
import { answerSearchCommand, suggestChoices } from '../src/discord/answering.js';
import type { ChatInputCommand } from '../src/discord/command.js';
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

export default {
  data,
  deterministic: true,
  execute: (context, args) => answerSearchCommand(context, 'ask', args.question, args.public),
  autocomplete: (context, focused) => suggestChoices(context, focused.value, {}),
} satisfies ChatInputCommand<typeof data>;
