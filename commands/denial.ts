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
  name: 'denial',
  description: usage.denial,
  integration_types: installs,
  contexts: everywhere,
  options: [
    searchOption('query', 'Words to look for, e.g. “shockingly untrue”; leave empty to list every response'),
    publicOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export default {
  data,
  deterministic: true,
  execute: (context, args) => answerSearchCommand(context, 'denial', args.query ?? '', args.public),
  autocomplete: (context, focused) => suggestChoices(context, focused.value, { stances: ['denial'] }),
} satisfies ChatInputCommand<typeof data>;
