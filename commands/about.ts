import {
  ApplicationCommandType,
  InteractionResponseType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { answerAbout, usage } from '../src/answers/answer.js';
import type { ChatInputCommand } from '../src/discord/command.js';
import { renderMessage } from '../src/discord/render.js';
import { everywhere, installs } from './shared.js';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'about',
  description: usage.about,
  integration_types: installs,
  contexts: everywhere,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export default {
  data,
  deterministic: true,
  answer: (answers) => answerAbout(answers),
  execute: (context) => ({
    type: InteractionResponseType.ChannelMessageWithSource,
    data: renderMessage(answerAbout(context.answers), context.answers.pack, {
      ephemeral: true,
      publicUrl: context.publicUrl,
    }),
  }),
} satisfies ChatInputCommand<typeof data>;
