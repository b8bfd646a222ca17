/**
 * Payloads shaped like the ones Discord sends: the READY and GUILD_CREATE dispatches, and
 * INTERACTION_CREATE bodies for slash commands, autocomplete, buttons, select menus, modal submits
 * and message context menus,
 * with every field discord.js 14 reads (`entitlements`, `channel` plus `channel_id`, `member.user` in
 * guilds or `user` in DMs, `authorizing_integration_owners`, `context`, `app_permissions`, ...).
 */
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIChatInputApplicationCommandInteraction,
  type APIGuildMember,
  type APIMessage,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentButtonInteraction,
  type APIMessageComponentSelectMenuInteraction,
  type APIModalSubmitInteraction,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  MessageType,
} from 'discord.js';
import { interactionToken, snowflake } from './snowflakes.js';
import {
  botDmAppPermissions,
  type ChannelAccess,
  defaultMemberPermissions,
  type GuildState,
  privateChannelAppPermissions,
  type World,
} from './world.js';

type Obj = Record<string, unknown>;

/** A user object with Discord's current fields; `overrides` replace the defaults. */
export function userObject(overrides: Partial<APIUser> & { id: string }): APIUser {
  return {
    username: `user${overrides.id.slice(-4)}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
    public_flags: 0,
    flags: 0,
    primary_guild: null,
    avatar_decoration_data: null,
    collectibles: null,
    ...overrides,
  } as APIUser;
}

/** The bot's member object in one of its guilds. */
export function botMember(world: World, guild: GuildState): APIGuildMember {
  return {
    user: world.botUser,
    nick: null,
    avatar: null,
    banner: null,
    roles: [guild.botRole.id],
    joined_at: guild.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  } as unknown as APIGuildMember;
}

/** The `d` of a GUILD_CREATE dispatch: a minimal but complete guild that discord.js caches. */
export function guildCreateData(world: World, guild: GuildState, ownerId: string): Obj {
  const channels = guild.channelIds.map((id, position) => {
    const channel = world.channels.get(id);
    return {
      id,
      type: ChannelType.GuildText,
      name: channel?.name ?? 'general',
      position,
      permission_overwrites: [],
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
    };
  });
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [guild.everyoneRole, guild.botRole],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_presences: null,
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: guild.preferredLocale,
    nsfw_level: 0,
    incidents_data: null,
    // Fields only GUILD_CREATE carries:
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [botMember(world, guild)],
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Where an interaction happens and who triggers it. Every field has a default. */
export interface InteractionContext {
  /**
   * `guild` (default): a text channel of a guild; `dm`: the user's DM with the bot;
   * `private`: a DM or group DM between users, reachable only by a user-installed app.
   */
  where?: 'guild' | 'dm' | 'private';
  /** Guild id; defaults to the emulator's first guild. A guild the emulator does not know is one the bot is not in. */
  guildId?: string;
  /** Channel id; defaults to the guild's first text channel, or the user's DM channel. */
  channelId?: string;
  /** The triggering user: an id, or user fields. */
  user?: string | (Partial<APIUser> & { id: string });
  /** The member's permissions in the channel (guilds only). */
  memberPermissions?: bigint | string;
  /** `app_permissions`; defaults to the bot's permissions in the guild, or Discord's documented DM sets. */
  appPermissions?: bigint | string;
  /**
   * Which installs authorize the interaction (`authorizing_integration_owners`): `guild` (default in
   * guilds and the bot's DM), `user` (default in private channels), or `both`.
   */
  install?: 'guild' | 'user' | 'both';
  /** The user's locale (default `en-US`). */
  locale?: string;
  /** The guild's locale (defaults to the guild's preferred locale). */
  guildLocale?: string;
}

/** Option values by name for {@link InteractionPayloads.chatInput}; nested objects are not options. */
export type OptionValues = Record<string, string | number | boolean>;

/** Like {@link OptionValues}, with the option being typed marked `{ value, focused: true }`. */
export type AutocompleteValues = Record<string, string | number | boolean | { value: string; focused: true }>;

/** The user who triggers interactions unless a context says otherwise. */
export const defaultInvokerId = '1234567890123456789';

/** Builds INTERACTION_CREATE payloads for the emulator's world (its guilds, channels and commands). */
export class InteractionPayloads {
  constructor(
    private readonly world: World,
    private readonly memberPermissions: bigint = defaultMemberPermissions,
  ) {}

  /** A slash command. `name` may include a subcommand (`'pin add'`, `'config group set'`). */
  chatInput(
    name: string,
    options: OptionValues | APIApplicationCommandInteractionDataOption[] = {},
    ctx: InteractionContext = {},
  ): APIChatInputApplicationCommandInteraction {
    const base = this.base(InteractionType.ApplicationCommand, ctx);
    const [commandName = name, ...path] = name.split(' ');
    const command = this.findCommand(commandName, ApplicationCommandType.ChatInput, base.guild_id);
    const data: Obj = {
      id: command?.id ?? snowflake(),
      name: commandName,
      type: ApplicationCommandType.ChatInput,
      options: this.options(command?.options, path, options, null),
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return { ...base, data } as unknown as APIChatInputApplicationCommandInteraction;
  }

  /**
   * An autocomplete request. Exactly one option must be focused: `{ query: { value: 'par', focused: true } }`
   * or an option object with `focused: true`. The focused value is sent as a string, as Discord does.
   */
  autocomplete(
    name: string,
    options: AutocompleteValues | APIApplicationCommandInteractionDataOption[],
    ctx: InteractionContext = {},
  ): APIApplicationCommandAutocompleteInteraction {
    const base = this.base(InteractionType.ApplicationCommandAutocomplete, ctx);
    const [commandName = name, ...path] = name.split(' ');
    const command = this.findCommand(commandName, ApplicationCommandType.ChatInput, base.guild_id);
    let focused: string | null = null;
    let values: OptionValues | APIApplicationCommandInteractionDataOption[];
    if (Array.isArray(options)) {
      values = options;
    } else {
      values = {};
      for (const [key, value] of Object.entries(options)) {
        if (typeof value === 'object') {
          if (focused !== null) throw new Error('Only one autocomplete option can be focused');
          focused = key;
          values[key] = value.value;
        } else {
          values[key] = value;
        }
      }
    }
    const built = this.options(command?.options, path, values, focused);
    const count = countFocused(built);
    if (count !== 1)
      throw new Error(`An autocomplete interaction needs exactly one focused option (got ${count})`);
    const data: Obj = {
      id: command?.id ?? snowflake(),
      name: commandName,
      type: ApplicationCommandType.ChatInput,
      options: built,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return { ...base, data } as unknown as APIApplicationCommandAutocompleteInteraction;
  }

  /** A component interaction's common part, placed in the channel (and guild) of `message`. */
  private onMessage(message: APIMessage, ctx: InteractionContext) {
    const channel = this.world.channels.get(message.channel_id);
    const placed: InteractionContext = {
      ...(channel?.guildId ? { where: 'guild' as const, guildId: channel.guildId } : {}),
      channelId: message.channel_id,
      ...ctx,
    };
    return this.base(InteractionType.MessageComponent, placed);
  }

  /** A button press on `message` (the message object the button is attached to). */
  button(
    customId: string,
    message: APIMessage,
    ctx: InteractionContext = {},
  ): APIMessageComponentButtonInteraction {
    const base = this.onMessage(message, ctx);
    return {
      ...base,
      message,
      data: { custom_id: customId, component_type: ComponentType.Button },
    } as unknown as APIMessageComponentButtonInteraction;
  }

  /** A choice in a string select menu of `message`. */
  stringSelect(
    customId: string,
    values: string[],
    message: APIMessage,
    ctx: InteractionContext = {},
  ): APIMessageComponentSelectMenuInteraction {
    const base = this.onMessage(message, ctx);
    return {
      ...base,
      message,
      data: { custom_id: customId, component_type: ComponentType.StringSelect, values },
    } as unknown as APIMessageComponentSelectMenuInteraction;
  }

  /**
   * A submitted modal (interaction type 5) that was opened from a component of `message`:
   * `fields` are its text inputs by custom_id, each sent inside a label component, as Discord does.
   */
  modalSubmit(
    customId: string,
    fields: Record<string, string>,
    message: APIMessage,
    ctx: InteractionContext = {},
  ): APIModalSubmitInteraction {
    const channel = this.world.channels.get(message.channel_id);
    const placed: InteractionContext = {
      ...(channel?.guildId ? { where: 'guild' as const, guildId: channel.guildId } : {}),
      channelId: message.channel_id,
      ...ctx,
    };
    const base = this.base(InteractionType.ModalSubmit, placed);
    let id = 0;
    const components = Object.entries(fields).map(([fieldId, value]) => ({
      type: ComponentType.Label,
      id: ++id,
      component: { type: ComponentType.TextInput, id: ++id, custom_id: fieldId, value },
    }));
    return {
      ...base,
      message,
      data: { custom_id: customId, components },
    } as unknown as APIModalSubmitInteraction;
  }

  /** A message context-menu command (command type 3) run on `target`. */
  messageContextMenu(
    name: string,
    target: APIMessage,
    ctx: InteractionContext = {},
  ): APIMessageApplicationCommandInteraction {
    const channel = this.world.channels.get(target.channel_id);
    const placed: InteractionContext = {
      ...(channel?.guildId ? { where: 'guild' as const, guildId: channel.guildId } : {}),
      channelId: target.channel_id,
      ...ctx,
    };
    const base = this.base(InteractionType.ApplicationCommand, placed);
    const command = this.findCommand(name, ApplicationCommandType.Message, base.guild_id);
    const data: Obj = {
      id: command?.id ?? snowflake(),
      name,
      type: ApplicationCommandType.Message,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return { ...base, data } as unknown as APIMessageApplicationCommandInteraction;
  }

  /** A message from a user (not the bot), e.g. the target of a context menu. Pass it to `emulator.seedMessage` to store it. */
  userMessage(
    channelId: string,
    content: string,
    author?: string | (Partial<APIUser> & { id: string }),
  ): APIMessage {
    return {
      id: snowflake(),
      channel_id: channelId,
      author: this.user(author),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: MessageType.Default,
      components: [],
    };
  }

  private user(user: InteractionContext['user']): APIUser {
    if (typeof user === 'string') return userObject({ id: user });
    return userObject({ username: 'tester', ...user, id: user?.id ?? defaultInvokerId });
  }

  private findCommand(name: string, type: ApplicationCommandType, guildId: unknown) {
    const scopes = typeof guildId === 'string' ? [guildId, 'global'] : ['global'];
    for (const scope of scopes) {
      const found = this.world.commands.get(scope)?.find((c) => c.name === name && c.type === type);
      if (found) return found;
    }
    return undefined;
  }

  /** Builds `data.options`, descending into subcommands named in `path`, typing values from the registered command. */
  private options(
    defined: APIApplicationCommandOption[] | undefined,
    path: string[],
    values: OptionValues | APIApplicationCommandInteractionDataOption[],
    focused: string | null,
  ): APIApplicationCommandInteractionDataOption[] {
    const [next, ...rest] = path;
    if (next !== undefined) {
      const sub = defined?.find((o) => o.name === next);
      const type =
        sub?.type ??
        (rest.length > 0
          ? ApplicationCommandOptionType.SubcommandGroup
          : ApplicationCommandOptionType.Subcommand);
      const inner =
        sub && 'options' in sub ? (sub.options as APIApplicationCommandOption[] | undefined) : undefined;
      return [
        {
          name: next,
          type,
          options: this.options(inner, rest, values, focused),
        } as APIApplicationCommandInteractionDataOption,
      ];
    }
    if (Array.isArray(values)) return values;
    return Object.entries(values).map(([name, value]) => {
      const type = defined?.find((o) => o.name === name)?.type ?? inferOptionType(value);
      const isFocused = name === focused;
      return {
        name,
        type,
        value: isFocused ? String(value) : value,
        ...(isFocused ? { focused: true } : {}),
      } as APIApplicationCommandInteractionDataOption;
    });
  }

  /** The fields every interaction carries, placed according to `ctx`. */
  private base(type: InteractionType, ctx: InteractionContext): Obj {
    const where = ctx.where ?? 'guild';
    const user = this.user(ctx.user);
    const install = ctx.install ?? (where === 'private' ? 'user' : 'guild');
    const common: Obj = {
      id: snowflake(),
      application_id: this.world.applicationId,
      type,
      token: interactionToken(),
      version: 1,
      locale: ctx.locale ?? 'en-US',
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (where === 'guild') {
      const guildId = ctx.guildId ?? [...this.world.guilds.keys()][0];
      if (!guildId) throw new Error('The emulator has no guild; pass ctx.guildId or use where: "dm"');
      const guild = this.world.guilds.get(guildId);
      const channelId = ctx.channelId ?? guild?.channelIds[0] ?? snowflake();
      const access: ChannelAccess = guild ? 'member' : 'none';
      const channel = this.world.ensureChannel({
        id: channelId,
        type: ChannelType.GuildText,
        guildId,
        name: 'general',
        access,
      });
      const memberPermissions = BigInt(ctx.memberPermissions ?? this.memberPermissions).toString();
      const appPermissions = BigInt(
        ctx.appPermissions ??
          (guild && install !== 'user' ? this.world.botPermissionsIn(guildId) : privateChannelAppPermissions),
      ).toString();
      return {
        ...common,
        guild_id: guildId,
        guild: { id: guildId, locale: ctx.guildLocale ?? guild?.preferredLocale ?? 'en-US', features: [] },
        guild_locale: ctx.guildLocale ?? guild?.preferredLocale ?? 'en-US',
        channel_id: channelId,
        channel: {
          id: channelId,
          type: ChannelType.GuildText,
          guild_id: guildId,
          name: channel.name ?? 'general',
          position: 0,
          permission_overwrites: [],
          nsfw: false,
          parent_id: null,
          topic: null,
          last_message_id: null,
          rate_limit_per_user: 0,
          flags: 0,
          permissions: memberPermissions,
        },
        member: {
          user,
          roles: [],
          nick: null,
          avatar: null,
          banner: null,
          joined_at: new Date(Date.now() - 86_400_000).toISOString(),
          premium_since: null,
          deaf: false,
          mute: false,
          flags: 0,
          pending: false,
          communication_disabled_until: null,
          permissions: memberPermissions,
        },
        app_permissions: appPermissions,
        context: InteractionContextType.Guild,
        authorizing_integration_owners: owners(install, guildId, user.id),
      };
    }
    if (where === 'private' && install === 'guild') {
      throw new Error('A guild install cannot be used in private channels; use install "user" or "both"');
    }
    const channelId = ctx.channelId ?? (where === 'dm' ? this.dmChannelId(user.id) : snowflake());
    const recipients = where === 'dm' ? [user] : [user, userObject({ id: snowflake(), username: 'friend' })];
    this.world.ensureChannel({
      id: channelId,
      type: ChannelType.DM,
      guildId: null,
      name: null,
      access: where === 'dm' ? 'dm' : 'none',
      recipients,
    });
    const appPermissions = BigInt(
      ctx.appPermissions ?? (where === 'dm' ? botDmAppPermissions : privateChannelAppPermissions),
    ).toString();
    return {
      ...common,
      channel_id: channelId,
      channel: { id: channelId, type: ChannelType.DM, last_message_id: null, flags: 0, recipients },
      user,
      app_permissions: appPermissions,
      context: where === 'dm' ? InteractionContextType.BotDM : InteractionContextType.PrivateChannel,
      authorizing_integration_owners: owners(
        install === 'guild' || install === 'both' ? install : 'user',
        '0',
        user.id,
      ),
    };
  }

  private readonly dmChannels = new Map<string, string>();

  /** The user's DM channel with the bot (one per user). */
  dmChannelId(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = snowflake();
      this.dmChannels.set(userId, id);
    }
    return id;
  }
}

function owners(
  install: 'guild' | 'user' | 'both',
  guildKey: string,
  userId: string,
): Record<string, string> {
  return {
    ...(install !== 'user' ? { '0': guildKey } : {}),
    ...(install !== 'guild' ? { '1': userId } : {}),
  };
}

function inferOptionType(value: string | number | boolean): ApplicationCommandOptionType {
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? ApplicationCommandOptionType.Integer
      : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

function countFocused(options: APIApplicationCommandInteractionDataOption[]): number {
  let count = 0;
  for (const option of options as unknown as Obj[]) {
    if (option.focused === true) count++;
    if (Array.isArray(option.options))
      count += countFocused(option.options as APIApplicationCommandInteractionDataOption[]);
  }
  return count;
}
