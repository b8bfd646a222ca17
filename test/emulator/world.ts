/**
 * The emulator's in-memory Discord: the application and its bot user, guilds with their channels and
 * roles, messages per channel with pins, registered commands, and the interactions handed to the bot.
 */
import {
  type APIApplicationCommand,
  type APIAttachment,
  type APIEmbed,
  type APIInteraction,
  type APIMessage,
  type APIRole,
  type APIUser,
  ChannelType,
  InteractionContextType,
  InteractionType,
  type MessageType,
  PermissionFlagsBits,
} from 'discord.js';
import { MessageFlag } from './limits.js';
import { snowflake } from './snowflakes.js';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A file part of a multipart request. */
export interface UploadedFile {
  /** The form field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

/** A guild to create at start-up. Only `id` is required. */
export interface GuildSeed {
  id: string;
  name?: string;
  /** Text channels; by default one channel named `general` with a generated id. */
  textChannels?: { id: string; name?: string }[];
  preferredLocale?: string;
}

/** A guild as the emulator holds it. */
export interface GuildState {
  id: string;
  name: string;
  preferredLocale: string;
  everyoneRole: APIRole;
  botRole: APIRole;
  /** Channel ids in creation order; the first is the default for interactions. */
  channelIds: string[];
  joinedAt: string;
}

/**
 * How the bot may reach a channel through the REST API: as a guild member, as the other end of its
 * own DM, or not at all (a user-installed app in a guild it is not in, or another user's DM).
 */
export type ChannelAccess = 'member' | 'dm' | 'none';

export interface ChannelState {
  id: string;
  type: ChannelType;
  guildId: string | null;
  name: string | null;
  access: ChannelAccess;
  recipients: APIUser[];
}

/** A stored message with what the emulator knows about it beyond the message object. */
export interface StoredMessage {
  message: APIMessage;
  /** Ephemeral messages exist only for their interaction's webhook routes, never for channel routes. */
  ephemeral: boolean;
  pinnedAt: string | null;
  /** The token of the interaction whose webhook created it (response or follow-up), if any. */
  interactionToken: string | null;
}

/** An interaction handed to the bot, and what the bot has done with it. */
export interface InteractionState {
  id: string;
  token: string;
  type: InteractionType;
  payload: APIInteraction;
  channelId: string | null;
  guildId: string | null;
  user: APIUser;
  /** `authorizing_integration_owners` of the payload: '0' guild install, '1' user install. */
  authorizingOwners: Record<string, string>;
  /** When it was created, on the emulator's clock. */
  createdAt: number;
  /** When the gateway actually sent it (it may wait for a disconnected shard to resume), on the emulator's clock. */
  deliveredAt: number | null;
  /** The accepted callback, once there is one, and when it arrived on the emulator's clock. */
  callback: { type: number; body: unknown; at: number } | null;
  originalMessageId: string | null;
  /** For component interactions: the message the component is attached to. */
  componentMessageId: string | null;
  followUpIds: string[];
}

/** The default permissions of the bot's managed role in each guild. */
export const defaultBotPermissions =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.PinMessages;

/** The default permissions of the (human) member who triggers interactions in a guild. */
export const defaultMemberPermissions =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands;

/** `app_permissions` Discord documents for DMs with other users (and, plus external emojis, for the bot's DM). */
export const privateChannelAppPermissions =
  PermissionFlagsBits.AttachFiles | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.MentionEveryone;
export const botDmAppPermissions = privateChannelAppPermissions | PermissionFlagsBits.UseExternalEmojis;

/** Options the world is built from (see {@link EmulatorOptions} for the documented public form). */
/** Where the emulator reads the time for Discord's deadlines (the 3-second rule, token lifetime). */
export interface EmulatorClock {
  /** Milliseconds, on any fixed origin. */
  now(): number;
}

export interface WorldOptions {
  clock: EmulatorClock;
  applicationId: string;
  applicationFlags: number;
  botUser: APIUser;
  guilds: GuildSeed[];
  botPermissions: bigint;
}

export class World {
  readonly applicationId: string;
  readonly applicationFlags: number;
  readonly botUser: APIUser;
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, ChannelState>();
  readonly messages = new Map<string, StoredMessage>();
  /** Pinned message ids per channel, oldest pin first. */
  readonly pins = new Map<string, string[]>();
  /** Registered commands by scope: `global` or a guild id. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();

  readonly clock: EmulatorClock;

  constructor(options: WorldOptions) {
    this.clock = options.clock;
    this.applicationId = options.applicationId;
    this.applicationFlags = options.applicationFlags;
    this.botUser = options.botUser;
    for (const seed of options.guilds) this.addGuild(seed, options.botPermissions);
  }

  private addGuild(seed: GuildSeed, botPermissions: bigint): void {
    const role = (
      id: string,
      name: string,
      permissions: bigint,
      position: number,
      managed: boolean,
    ): APIRole =>
      ({
        id,
        name,
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position,
        permissions: permissions.toString(),
        managed,
        mentionable: false,
        flags: 0,
        ...(managed ? { tags: { bot_id: this.botUser.id } } : {}),
      }) as unknown as APIRole;
    const channels = seed.textChannels ?? [{ id: snowflake(), name: 'general' }];
    const guild: GuildState = {
      id: seed.id,
      name: seed.name ?? `Guild ${seed.id.slice(-4)}`,
      preferredLocale: seed.preferredLocale ?? 'en-US',
      everyoneRole: role(seed.id, '@everyone', 0n, 0, false),
      botRole: role(snowflake(), this.botUser.username, botPermissions, 1, true),
      channelIds: channels.map((c) => c.id),
      joinedAt: new Date().toISOString(),
    };
    this.guilds.set(guild.id, guild);
    for (const channel of channels) {
      this.channels.set(channel.id, {
        id: channel.id,
        type: ChannelType.GuildText,
        guildId: guild.id,
        name: channel.name ?? 'general',
        access: 'member',
        recipients: [],
      });
    }
  }

  /** The bot's permissions in a guild (its role plus @everyone; Administrator means all). */
  botPermissionsIn(guildId: string): bigint {
    const guild = this.guilds.get(guildId);
    if (!guild) return 0n;
    const permissions = BigInt(guild.everyoneRole.permissions) | BigInt(guild.botRole.permissions);
    return permissions & PermissionFlagsBits.Administrator ? (1n << 64n) - 1n : permissions;
  }

  /** Makes a channel known (channels seen in dispatched interactions), without widening access. */
  ensureChannel(channel: Omit<ChannelState, 'recipients'> & { recipients?: APIUser[] }): ChannelState {
    const existing = this.channels.get(channel.id);
    if (existing) return existing;
    const created: ChannelState = { ...channel, recipients: channel.recipients ?? [] };
    this.channels.set(created.id, created);
    return created;
  }

  registerInteraction(payload: APIInteraction): InteractionState {
    const user = payload.member?.user ?? payload.user;
    if (!user) throw new Error('An interaction needs member.user (guild) or user (DM)');
    const state: InteractionState = {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      payload,
      channelId: payload.channel?.id ?? payload.channel_id ?? null,
      guildId: payload.guild_id ?? null,
      user,
      authorizingOwners: { ...(payload.authorizing_integration_owners as Record<string, string>) },
      createdAt: this.clock.now(),
      deliveredAt: null,
      callback: null,
      originalMessageId: null,
      componentMessageId: null,
      followUpIds: [],
    };
    if (payload.type === InteractionType.MessageComponent && payload.message) {
      state.componentMessageId = payload.message.id;
      if (!this.messages.has(payload.message.id)) {
        this.messages.set(payload.message.id, {
          message: payload.message,
          ephemeral: ((payload.message.flags ?? 0) & MessageFlag.Ephemeral) !== 0,
          pinnedAt: null,
          interactionToken: null,
        });
      }
    }
    if (payload.type === InteractionType.ApplicationCommand && isObj(payload.data)) {
      const resolved = (payload.data as Obj).resolved;
      const messages = isObj(resolved) && isObj(resolved.messages) ? resolved.messages : {};
      for (const message of Object.values(messages) as APIMessage[]) {
        if (!this.messages.has(message.id)) {
          this.messages.set(message.id, {
            message,
            ephemeral: false,
            pinnedAt: null,
            interactionToken: null,
          });
        }
      }
    }
    if (state.channelId !== null) {
      const inGuild = state.guildId !== null;
      this.ensureChannel({
        id: state.channelId,
        type: inGuild ? ChannelType.GuildText : ChannelType.DM,
        guildId: state.guildId,
        name: null,
        access: inGuild
          ? this.guilds.has(state.guildId ?? '')
            ? 'member'
            : 'none'
          : payload.context === InteractionContextType.BotDM
            ? 'dm'
            : 'none',
      });
    }
    this.interactions.set(state.id, state);
    this.interactionsByToken.set(state.token, state);
    return state;
  }

  interactionByToken(token: string): InteractionState | undefined {
    return this.interactionsByToken.get(token);
  }

  /** Creates and stores a message from a request body (already validated). */
  createMessage(input: {
    channelId: string;
    body: Obj;
    author: APIUser;
    type: MessageType;
    files?: UploadedFile[];
    interaction?: InteractionState;
    extraFlags?: number;
  }): StoredMessage {
    const id = snowflake();
    const flags = (typeof input.body.flags === 'number' ? input.body.flags : 0) | (input.extraFlags ?? 0);
    const message: APIMessage = {
      id,
      channel_id: input.channelId,
      author: input.author,
      content: typeof input.body.content === 'string' ? input.body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: input.body.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: attachmentsFrom(input.body.attachments, input.files ?? [], input.channelId),
      embeds: embedsFrom(input.body.embeds),
      pinned: false,
      type: input.type,
      flags,
      components: componentsFrom(input.body.components) as APIMessage['components'] & object,
    };
    const reference = input.body.message_reference;
    if (isObj(reference) && typeof reference.message_id === 'string') {
      message.message_reference = { type: 0, message_id: reference.message_id, channel_id: input.channelId };
    }
    const interaction = input.interaction;
    if (interaction) {
      message.webhook_id = this.applicationId;
      message.application_id = this.applicationId;
      const data = interaction.payload.data as Obj | undefined;
      message.interaction_metadata = {
        id: interaction.id,
        type: interaction.type,
        user: interaction.user,
        authorizing_integration_owners: interaction.authorizingOwners,
        ...(interaction.originalMessageId && interaction.originalMessageId !== id
          ? { original_response_message_id: interaction.originalMessageId }
          : {}),
      } as APIMessage['interaction_metadata'] & object;
      if (typeof data?.name === 'string') {
        message.interaction = {
          id: interaction.id,
          type: interaction.type,
          name: data.name,
          user: interaction.user,
        };
      }
    }
    const stored: StoredMessage = {
      message,
      ephemeral: (flags & MessageFlag.Ephemeral) !== 0,
      pinnedAt: null,
      interactionToken: interaction?.token ?? null,
    };
    this.messages.set(id, stored);
    return stored;
  }

  /** Applies an edit body to a stored message: only the fields present change. */
  editMessage(stored: StoredMessage, body: Obj, files: UploadedFile[] = []): StoredMessage {
    const message = stored.message;
    if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) message.embeds = embedsFrom(body.embeds);
    if ('components' in body)
      message.components = componentsFrom(body.components) as APIMessage['components'] & object;
    if ('attachments' in body || files.length > 0) {
      message.attachments = attachmentsFrom(body.attachments, files, message.channel_id, message.attachments);
    }
    let flags = (message.flags ?? 0) & ~MessageFlag.Loading;
    if (typeof body.flags === 'number') {
      flags =
        (flags & ~MessageFlag.SuppressEmbeds) |
        (body.flags & (MessageFlag.SuppressEmbeds | MessageFlag.ComponentsV2));
    }
    message.flags = flags;
    message.edited_timestamp = new Date().toISOString();
    return stored;
  }

  deleteMessage(id: string): void {
    const stored = this.messages.get(id);
    if (!stored) return;
    this.messages.delete(id);
    const pins = this.pins.get(stored.message.channel_id);
    if (pins)
      this.pins.set(
        stored.message.channel_id,
        pins.filter((p) => p !== id),
      );
  }

  /** Messages visible through channel routes (not ephemeral) in a channel, oldest first. */
  channelMessages(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.message.channel_id === channelId && !m.ephemeral);
  }
}

/** True when a message body would create a message with nothing in it. */
export function isEmptyMessage(body: Obj, files: UploadedFile[] = []): boolean {
  const nonEmpty = (value: unknown): boolean => Array.isArray(value) && value.length > 0;
  return (
    !(typeof body.content === 'string' && body.content.length > 0) &&
    !nonEmpty(body.embeds) &&
    !nonEmpty(body.components) &&
    !nonEmpty(body.sticker_ids) &&
    !isObj(body.poll) &&
    files.length === 0
  );
}

function embedsFrom(value: unknown): APIEmbed[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObj).map((embed) => {
    const out: Obj = { type: 'rich' };
    for (const [key, v] of Object.entries(embed)) if (v !== null && v !== undefined) out[key] = v;
    return out as APIEmbed;
  });
}

/** Copies components, numbering them depth first the way Discord does when ids are not given. */
function componentsFrom(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [];
  let next = 1;
  const copy = (component: unknown): unknown => {
    if (!isObj(component)) return component;
    const out: Obj = {};
    for (const [key, v] of Object.entries(component)) if (v !== null && v !== undefined) out[key] = v;
    out.id = typeof component.id === 'number' ? component.id : next;
    next = Math.max(next, Number(out.id)) + 1;
    if (Array.isArray(component.components)) out.components = component.components.map(copy);
    if (isObj(component.accessory)) out.accessory = copy(component.accessory);
    return out;
  };
  return value.map(copy);
}

function attachmentsFrom(
  value: unknown,
  files: UploadedFile[],
  channelId: string,
  existing: APIAttachment[] = [],
): APIAttachment[] {
  const out: APIAttachment[] = [];
  const described = Array.isArray(value) ? value.filter(isObj) : [];
  for (const entry of described) {
    const kept = existing.find((a) => a.id === String(entry.id));
    if (kept) {
      out.push(kept);
      continue;
    }
    const file = files.find((f) => f.field === `files[${String(entry.id)}]`);
    if (file)
      out.push(attachment(file, channelId, typeof entry.description === 'string' ? entry.description : null));
  }
  for (const file of files) {
    if (!described.some((entry) => file.field === `files[${String(entry.id)}]`))
      out.push(attachment(file, channelId, null));
  }
  return out;
}

function attachment(file: UploadedFile, channelId: string, description: string | null): APIAttachment {
  const id = snowflake();
  const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
  return {
    id,
    filename: file.filename,
    size: file.size,
    url,
    proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
    content_type: file.contentType,
    ...(description === null ? {} : { description }),
  };
}
