import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { usage } from '../src/answers/answer.js';
import { answerSearchCommand, suggestChoices } from '../src/discord/answering.js';
import type { ChatInputCommand } from '../src/discord/command.js';
import { QUERY_MAX_LENGTH } from './limits.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'denial',
  description: usage.denial,
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
    InteractionContextType.PrivateChannel,
  ],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'query',
      description: 'Words to look for, e.g. “shockingly untrue”; leave empty to list every response',
      max_length: QUERY_MAX_LENGTH,
      autocomplete: true,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'public',
      description: 'Post the answer in the channel for everyone (otherwise only you see it)',
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export default {
  data,
  execute: (context, args) => answerSearchCommand(context, 'denial', args.query ?? '', args.public),
  autocomplete: (context, focused) => suggestChoices(context, focused.value, { stances: ['denial'] }),
} satisfies ChatInputCommand<typeof data>;
