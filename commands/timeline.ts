import {
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { usage } from '../src/answers/answer.js';
import { answerSearchCommand, suggestChoices } from '../src/discord/answering.js';
import type { ChatInputCommand } from '../src/discord/command.js';
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

export default {
  data,
  deterministic: true,
  execute: (context, args) => answerSearchCommand(context, 'timeline', args.query ?? ''),
  autocomplete: (context, focused) => suggestChoices(context, focused.value, { periods: true }),
} satisfies ChatInputCommand<typeof data>;
