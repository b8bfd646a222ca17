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
  name: 'timeline',
  description: usage.timeline,
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
      description: 'A year (“2017”), a month (“may 2018”) or words; leave empty for every event',
      max_length: QUERY_MAX_LENGTH,
      autocomplete: true,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export default {
  data,
  execute: (context, args) => answerSearchCommand(context, 'timeline', args.query ?? ''),
  autocomplete: (context, focused) => suggestChoices(context, focused.value, { periods: true }),
} satisfies ChatInputCommand<typeof data>;
