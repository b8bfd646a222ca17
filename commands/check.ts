import {
  ApplicationCommandType,
  InteractionResponseType,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { checkableText } from '../src/answers/answer.js';
import { answerSearchCommand } from '../src/discord/answering.js';
import type { MessageCommand } from '../src/discord/command.js';
import { renderNotice } from '../src/discord/render.js';
import { everywhere, installs } from './shared.js';

/** Apps → "Check against sources" on any message. */
const data = {
  type: ApplicationCommandType.Message,
  name: 'Check against sources',
  integration_types: installs,
  contexts: everywhere,
} as const satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** Words the message must have before it is worth checking. */
const NO_TEXT =
  'That message has no words to check: only links, mentions, attachments or stickers. ' +
  'To check what a link or picture says, type its claim into /ask.';

export default {
  data,
  execute(context, target) {
    const embedText = (target.embeds ?? [])
      .map((embed) => `${embed.title ?? ''} ${embed.description ?? ''}`)
      .join(' ');
    const text = checkableText(target.content || embedText);
    if (!/[\p{L}\p{N}]/u.test(text)) {
      return { type: InteractionResponseType.ChannelMessageWithSource, data: renderNotice(NO_TEXT) };
    }
    // Always private: a check is for the member who asked.
    return answerSearchCommand(context, 'check', text, false);
  },
} satisfies MessageCommand<typeof data>;
