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
  name: 'ask',
  description: usage.ask,
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
    InteractionContextType.PrivateChannel,
  ],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'Your question, e.g. “did netflix read facebook messages?”',
      required: true,
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
  execute: (context, args) => answerSearchCommand(context, 'ask', args.question, args.public),
  autocomplete: (context, focused) => suggestChoices(context, focused.value, {}),
} satisfies ChatInputCommand<typeof data>;
