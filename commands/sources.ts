import {
  ApplicationCommandType,
  InteractionResponseType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { answerSources, usage } from '../src/answers/answer.js';
import type { ChatInputCommand } from '../src/discord/command.js';
import { renderMessage } from '../src/discord/render.js';
import { everywhere, installs } from './shared.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'sources',
  description: usage.sources,
  integration_types: installs,
  contexts: everywhere,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export default {
  data,
  deterministic: true,
  answer: (answers) => answerSources(answers),
  execute: (context) => ({
    type: InteractionResponseType.ChannelMessageWithSource,
    data: renderMessage(answerSources(context.answers), context.answers.pack, {
      ephemeral: true,
      publicUrl: context.publicUrl,
    }),
  }),
} satisfies ChatInputCommand<typeof data>;
