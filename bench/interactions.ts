/**
 * Interactions as Discord sends them when a member runs a slash command in a server channel,
 * one per eval query, as JSON text: what the HTTP endpoint receives and what the router is fed.
 */
import {
  type APIChatInputApplicationCommandInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { commands } from '../commands/index.js';
import type { BenchQuery } from './engines.js';

/** The application the interactions are for. */
export const applicationId = '1300000000000000001';

const guildId = '1300000000000000100';
const channelId = '1300000000000000200';

/** The string option a command's words go in (`query` or `question`), or null. */
function wordsOption(name: string): string | null {
  const command = commands.find((candidate) => candidate.data.name === name);
  if (!command || command.data.type !== ApplicationCommandType.ChatInput) return null;
  const option = (command.data.options ?? []).find(
    (candidate) => candidate.type === ApplicationCommandOptionType.String,
  );
  return option?.name ?? null;
}

/** `/mode words` run by a member in a text channel of a server that installed the app; `n` makes ids unique. */
export function slashInteraction(
  mode: string,
  words: string,
  n: number,
): APIChatInputApplicationCommandInteraction {
  const option = wordsOption(mode);
  const userId = String(1300000000000010000n + BigInt(n % 1000));
  const everything =
    PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;
  return {
    id: String(1300000000001000000n + BigInt(n)),
    application_id: applicationId,
    type: InteractionType.ApplicationCommand,
    token: `bench-interaction-token-${n}`,
    version: 1,
    guild_id: guildId,
    channel_id: channelId,
    channel: { id: channelId, type: ChannelType.GuildText, name: 'fact-check' },
    context: InteractionContextType.Guild,
    locale: 'en-US',
    guild_locale: 'en-US',
    app_permissions: String(everything),
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
    attachment_size_limit: 10485760,
    member: {
      user: {
        id: userId,
        username: `member${n % 1000}`,
        discriminator: '0',
        global_name: null,
        avatar: null,
      },
      roles: [],
      joined_at: '2024-04-02T00:00:00.000000+00:00',
      deaf: false,
      mute: false,
      flags: 0,
      permissions: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages),
    },
    data: {
      id: String(1300000000000000300n + BigInt(commands.findIndex((c) => c.data.name === mode))),
      name: mode,
      type: ApplicationCommandType.ChatInput,
      ...(option && words
        ? { options: [{ name: option, type: ApplicationCommandOptionType.String, value: words }] }
        : {}),
    },
  } as unknown as APIChatInputApplicationCommandInteraction;
}

/** The queries whose mode is a slash command, each as the JSON text of its interaction. */
export function interactionBodies(queries: readonly BenchQuery[]): { query: BenchQuery; body: string }[] {
  return queries
    .filter((query) => wordsOption(query.mode) !== null)
    .map((query, n) => ({ query, body: JSON.stringify(slashInteraction(query.mode, query.text, n)) }));
}
