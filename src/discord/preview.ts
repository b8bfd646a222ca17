/**
 * The callback body the bot sends for a slash command, computed without Discord: what
 * `ask --format discord` prints. The command goes through the same router as in Discord,
 * as if typed in a DM with the bot.
 */
import {
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionResponse,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  InteractionType,
} from 'discord-api-types/v10';
import { commands } from '../../commands/index.js';
import type { AnswerContext } from '../answers/answer.js';
import { createLogger } from '../log.js';
import { Cooldown } from './cooldown.js';
import { routeInteraction } from './router.js';

/** The interaction Discord would send for `/name query` in a DM with the bot. */
export function slashCommand(name: string, query: string): APIChatInputApplicationCommandInteraction {
  const command = commands.find((candidate) => candidate.data.name === name);
  const options =
    command && command.data.type === ApplicationCommandType.ChatInput ? (command.data.options ?? []) : [];
  const option = options.find((candidate) => candidate.type === ApplicationCommandOptionType.String);
  const user = {
    id: '100000000000000001',
    username: 'preview',
    discriminator: '0',
    global_name: null,
    avatar: null,
  };
  return {
    id: '100000000000000002',
    application_id: '100000000000000003',
    token: 'preview',
    version: 1,
    type: InteractionType.ApplicationCommand,
    context: InteractionContextType.BotDM,
    channel_id: '100000000000000004',
    channel: { id: '100000000000000004', type: 1 },
    user,
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.UserInstall]: user.id },
    attachment_size_limit: 0,
    data: {
      id: '100000000000000005',
      name,
      type: ApplicationCommandType.ChatInput,
      ...(option && query
        ? { options: [{ name: option.name, type: ApplicationCommandOptionType.String, value: query }] }
        : {}),
    },
  } as unknown as APIChatInputApplicationCommandInteraction;
}

/** The callback body for `/name query`, linking to the web record at `publicUrl` when given. */
export function discordCallbackFor(
  context: AnswerContext,
  name: string,
  query: string,
  publicUrl: string | null = null,
): Promise<APIInteractionResponse> {
  return routeInteraction(slashCommand(name, query), {
    commands,
    answers: () => context,
    factCheckChannels: new Set(),
    cooldown: new Cooldown(0),
    actions: {
      canPin: true,
      pin: () => Promise.reject(new Error('a preview does not pin')),
    },
    log: createLogger({ level: 'warn', fd: 2 }),
    publicUrl,
  });
}
