import { REST } from '@discordjs/rest';
import {
  ActionRowBuilder,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  type ClientOptions,
  ContextMenuCommandBuilder,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  GatewayOpcodes,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.js';
import {
  type Emulator,
  type EmulatorOptions,
  guildIdOnShard,
  type RecordedCall,
  startEmulator,
} from './index.js';

const emulators: Emulator[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.destroy()));
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

async function emulate(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  emulators.push(emulator);
  return emulator;
}

/** A real discord.js client logged in to the emulator and ready. */
async function connect(emulator: Emulator, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: emulator.apiBase },
    ...options,
  });
  clients.push(client);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(emulator.token);
  await ready;
  return client;
}

/** Runs `handler` for every interaction and keeps what it throws, so tests can assert on refusals. */
function handle(
  client: Client,
  handler: (interaction: Interaction) => Promise<unknown>,
): { errors: unknown[] } {
  const errors: unknown[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => errors.push(error));
  });
  return { errors };
}

const isCallback = (id: string) => (call: RecordedCall) =>
  call.operationId === 'create_interaction_response' && call.params.interaction_id === id;

async function until(condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Discord emulator with the real discord.js client', () => {
  it('GIVEN a client logging in THEN it identifies, becomes ready and caches the guild', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);

    const [guild] = emulator.guilds;
    expect(client.user?.id).toBe(emulator.botUser.id);
    expect(client.guilds.cache.has(guild?.id ?? '')).toBe(true);
    expect(client.guilds.cache.get(guild?.id ?? '')?.channels.cache.has(guild?.textChannelIds[0] ?? '')).toBe(
      true,
    );
    expect(
      client.guilds.cache.get(guild?.id ?? '')?.members.me?.permissions.has(PermissionFlagsBits.PinMessages),
    ).toBe(true);
    expect(emulator.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['GET /gateway/bot 200']);
    const identify = emulator.gatewayFrames.find((f) => f.op === GatewayOpcodes.Identify);
    expect(identify?.d).toMatchObject({
      token: emulator.token,
      shard: [0, 1],
      intents: GatewayIntentBits.Guilds,
    });
    expect(emulator.sessions).toMatchObject([{ shardId: 0, shardCount: 1, connected: true }]);
  });

  it('GIVEN a slash command WHEN the bot replies THEN Discord receives a type 4 callback without Authorization', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    let question: string | null = null;
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      question = interaction.options.getString('question');
      await interaction.reply({
        content: `You asked: ${question}`,
        embeds: [new EmbedBuilder().setTitle('Receipt').setDescription('A quote.')],
        flags: MessageFlags.SuppressEmbeds,
      });
    });

    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask', { question: 'who said it?' }));
    const response = await emulator.waitForResponse(id);

    expect(question).toBe('who said it?');
    expect(response).toMatchObject({
      type: 4,
      data: {
        content: 'You asked: who said it?',
        embeds: [{ title: 'Receipt', description: 'A quote.' }],
        flags: 4,
      },
    });
    const call = emulator.calls.find(isCallback(id));
    expect(call).toMatchObject({ method: 'POST', status: 204, query: { with_response: 'false' } });
    expect(call?.headers.authorization).toBeUndefined();
    expect(emulator.originalMessage(id)).toMatchObject({ content: 'You asked: who said it?', type: 20 });
  });

  it('GIVEN a reply with withResponse THEN the answer matches the spec and the message can be pinned', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const pinned: string[] = [];
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({ content: 'pin me', withResponse: true });
      const message = response.resource?.message;
      if (!message) throw new Error('no message in the callback response');
      await message.pin();
      await message.pin();
      pinned.push(message.id);
    });

    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));
    const call = await emulator.waitForCall(isCallback(id));
    await until(() => pinned.length === 1);

    expect(call.status).toBe(200);
    expect(emulator.validateSchema('InteractionCallbackResponse', call.response)).toEqual([]);
    const channelId = emulator.guilds[0]?.textChannelIds[0] ?? '';
    expect(emulator.pinnedMessages(channelId).map((m) => m.id)).toEqual(pinned);
    const pins = emulator.calls.filter((c) => c.operationId === 'create_pin');
    expect(pins.map((c) => [c.method, c.path, c.status])).toEqual([
      ['PUT', `/channels/${channelId}/messages/pins/${pinned[0]}`, 204],
      ['PUT', `/channels/${channelId}/messages/pins/${pinned[0]}`, 204],
    ]);
  });

  it('GIVEN an autocomplete request WHEN the bot responds THEN Discord receives type 8 choices', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    handle(client, async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      await interaction.respond([
        { name: `${typed} one`, value: 'one' },
        { name: `${typed} two`, value: 'two' },
      ]);
    });

    const id = emulator.dispatchInteraction(
      emulator.payloads.autocomplete('ask', { question: { value: 'par', focused: true }, limit: 3 }),
    );

    expect(await emulator.waitForResponse(id)).toEqual({
      type: 8,
      data: {
        choices: [
          { name: 'par one', value: 'one' },
          { name: 'par two', value: 'two' },
        ],
      },
    });
  });

  it('GIVEN a button on a bot message WHEN the bot updates THEN Discord receives type 7 and the message changes', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    handle(client, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({
          content: 'page 1',
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('next').setLabel('Next').setStyle(ButtonStyle.Primary),
            ),
          ],
        });
      } else if (interaction.isButton() && interaction.customId === 'next') {
        expect(interaction.message.content).toBe('page 1');
        await interaction.update({ content: 'page 2', components: [] });
      }
    });
    const command = emulator.dispatchInteraction(emulator.payloads.chatInput('browse'));
    await emulator.waitForResponse(command);
    const message = emulator.originalMessage(command);
    if (!message) throw new Error('no original message');

    const press = emulator.dispatchInteraction(emulator.payloads.button('next', message));

    expect(await emulator.waitForResponse(press)).toMatchObject({
      type: 7,
      data: { content: 'page 2', components: [] },
    });
    expect(emulator.message(message.id)).toMatchObject({ content: 'page 2', components: [] });
  });

  it('GIVEN a slow answer WHEN the bot defers and edits THEN Discord receives type 5 then PATCH @original', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ content: 'done' });
      await interaction.followUp({ content: 'one more thing' });
    });

    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));

    expect(await emulator.waitForResponse(id)).toEqual({ type: 5, data: { flags: 64 } });
    const followUp = await emulator.waitForCall((c) => c.operationId === 'execute_webhook');
    const edit = emulator.calls.find((c) => c.operationId === 'update_original_webhook_message');
    expect(edit).toMatchObject({ method: 'PATCH', status: 200, body: { content: 'done' } });
    expect(edit?.path).toMatch(/^\/webhooks\/\d+\/[\w-]+\/messages\/@original$/);
    expect(followUp).toMatchObject({
      method: 'POST',
      status: 200,
      query: { wait: 'true' },
      body: { content: 'one more thing' },
    });
    expect(emulator.originalMessage(id)).toMatchObject({ content: 'done', flags: 64 });
  });

  it('GIVEN a reply over the documented limits THEN Discord refuses it with 400 / 50035 and field errors', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const { errors } = handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const kind = interaction.options.getString('kind');
      if (kind === 'description') {
        await interaction.reply({ embeds: [{ description: 'x'.repeat(4097) }] });
      } else if (kind === 'fields') {
        const fields = Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
        await interaction.reply({ embeds: [{ title: 'too many', fields }] });
      } else {
        // Each embed is within its own limits; together they exceed 6000, which the schema cannot see.
        await interaction.reply({
          embeds: [{ description: 'a'.repeat(4000) }, { description: 'b'.repeat(4000) }],
        });
      }
    });

    const description = emulator.dispatchInteraction(
      emulator.payloads.chatInput('ask', { kind: 'description' }),
    );
    const fields = emulator.dispatchInteraction(emulator.payloads.chatInput('ask', { kind: 'fields' }));
    const total = emulator.dispatchInteraction(emulator.payloads.chatInput('ask', { kind: 'total' }));

    const refused = await Promise.all(
      [description, fields, total].map((id) => emulator.waitForCall(isCallback(id))),
    );
    expect(refused.map((c) => [c.status, (c.response as { code: number }).code])).toEqual([
      [400, 50035],
      [400, 50035],
      [400, 50035],
    ]);
    expect(refused[0]?.errors).toEqual({
      data: {
        embeds: {
          0: {
            description: {
              _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }],
            },
          },
        },
      },
    });
    expect(refused[1]?.errors).toEqual({
      data: {
        embeds: {
          0: {
            fields: {
              _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }],
            },
          },
        },
      },
    });
    expect(refused[2]?.errors).toEqual({
      data: {
        embeds: {
          _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }],
        },
      },
    });
    await until(() => errors.length === 3);
    expect(errors.every((e) => e instanceof DiscordAPIError && e.code === 50035)).toBe(true);
    expect(emulator.interaction(description)?.callback).toBeNull();
  });

  it('GIVEN a body of the wrong type THEN Discord’s schema check refuses it', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({
        content: 'hi',
        embeds: [{ title: 'ok', color: 'red' as unknown as number }],
        allowedMentions: { parse: 'users' as unknown as [] },
      });
    });

    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));
    const call = await emulator.waitForCall(isCallback(id));

    expect(call.status).toBe(400);
    expect(call.errors).toEqual({
      data: {
        embeds: {
          0: {
            color: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value "red" is not a number.' }] },
          },
        },
        allowed_mentions: {
          parse: {
            _errors: [{ code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }],
          },
        },
      },
    });
  });

  it('GIVEN a bulk overwrite through @discordjs/rest THEN the commands are stored with stable ids', async () => {
    const emulator = await emulate();
    const rest = new REST({ api: emulator.apiBase }).setToken(emulator.token);
    const commands = [
      new SlashCommandBuilder()
        .setName('ask')
        .setDescription('Ask a question')
        .setDefaultMemberPermissions(PermissionFlagsBits.SendMessages)
        .addStringOption((o) =>
          o.setName('question').setDescription('What to ask').setRequired(true).setAutocomplete(true),
        )
        .toJSON(),
      new ContextMenuCommandBuilder()
        .setName('Find receipts')
        .setType(ApplicationCommandType.Message)
        .toJSON(),
    ];

    const first = (await rest.put(Routes.applicationCommands(emulator.applicationId), {
      body: commands,
    })) as {
      id: string;
      name: string;
    }[];
    const second = (await rest.put(Routes.applicationCommands(emulator.applicationId), {
      body: commands,
    })) as {
      id: string;
    }[];
    const listed = (await rest.get(Routes.applicationCommands(emulator.applicationId))) as { name: string }[];
    const guildId = emulator.guilds[0]?.id ?? '';
    await rest.put(Routes.applicationGuildCommands(emulator.applicationId, guildId), { body: [commands[0]] });

    expect(first.map((c) => c.name)).toEqual(['ask', 'Find receipts']);
    expect(second.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(listed.map((c) => c.name)).toEqual(['ask', 'Find receipts']);
    expect(emulator.commands()[0]).toMatchObject({
      name: 'ask',
      default_member_permissions: '2048',
      type: 1,
    });
    expect(emulator.commands(guildId).map((c) => c.name)).toEqual(['ask']);

    const refused = rest.put(Routes.applicationCommands(emulator.applicationId), {
      body: [{ name: 'Ask', description: 'capital letters are not allowed' }],
    });
    await expect(refused).rejects.toMatchObject({ status: 400, code: 50035 });
    expect(emulator.calls.at(-1)?.errors).toEqual({
      0: {
        name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] },
      },
    });
    expect(emulator.commands()).toHaveLength(2);
  });

  it('GIVEN a 429 on the callback THEN @discordjs/rest waits retry_after and the retry succeeds', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    handle(client, (interaction) =>
      interaction.isChatInputCommand() ? interaction.reply('after the limit') : Promise.resolve(),
    );
    emulator.failNext({ operationId: 'create_interaction_response' }, { status: 429, retryAfter: 0.2 });

    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));
    await emulator.waitForResponse(id);

    const attempts = emulator.calls.filter(isCallback(id));
    expect(attempts.map((c) => c.status)).toEqual([429, 204]);
    expect(attempts[0]?.response).toEqual({
      message: 'You are being rate limited.',
      retry_after: 0.2,
      global: false,
      code: 0,
    });
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(190);
  });

  it('GIVEN a slow callback route THEN the bot’s reply resolves only after the delay', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const took: number[] = [];
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const start = Date.now();
      await interaction.reply('eventually');
      took.push(Date.now() - start);
    });
    const slow = emulator.delayRoute({ method: 'POST', path: /\/callback$/ }, 300, 1);

    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));
    await until(() => took.length === 1);

    const call = emulator.calls.find(isCallback(id));
    expect(call?.status).toBe(204);
    expect((call?.answeredAt ?? 0) - (call?.at ?? 0)).toBeGreaterThanOrEqual(290);
    expect(took[0]).toBeGreaterThanOrEqual(290);
    expect([slow.used, slow.remaining]).toEqual([1, 0]);
  });

  it('GIVEN a callback that fails for good THEN @discordjs/rest gives up after its retries', async () => {
    const emulator = await emulate();
    const client = await connect(emulator, { rest: { api: emulator.apiBase, retries: 1 } });
    const { errors } = handle(client, (interaction) =>
      interaction.isChatInputCommand() ? interaction.reply('never lands') : Promise.resolve(),
    );
    emulator.failNext(
      { operationId: 'create_interaction_response' },
      { status: 500 },
      Number.POSITIVE_INFINITY,
    );

    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));
    await until(() => errors.length === 1);

    expect(emulator.calls.filter(isCallback(id)).map((c) => c.status)).toEqual([500, 500]);
    expect(errors[0]).toMatchObject({ status: 500 });
  });

  it('GIVEN a dropped connection WHEN an interaction arrives meanwhile THEN RESUME replays it exactly once', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const seen: string[] = [];
    handle(client, async (interaction) => {
      seen.push(interaction.id);
      if (interaction.isChatInputCommand()) await interaction.reply('caught up');
    });

    emulator.disconnectShard(0, { terminate: true });
    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));
    const resumed = await emulator.waitForShardReady(0, undefined, { next: true });
    await emulator.waitForResponse(id);

    expect(resumed.resumed).toBe(true);
    expect(seen).toEqual([id]);
    expect(emulator.calls.filter(isCallback(id)).map((c) => c.status)).toEqual([204]);
    const deliveries = emulator.gatewayFrames.filter(
      (f) => f.direction === 'sent' && f.t === 'INTERACTION_CREATE' && (f.d as { id: string }).id === id,
    );
    expect(deliveries).toHaveLength(1);
    expect(emulator.gatewayFrames.filter((f) => f.op === GatewayOpcodes.Resume)).toHaveLength(1);
    expect(emulator.sessions).toMatchObject([{ resumes: 1, connected: true }]);
  });

  it('GIVEN op 7 RECONNECT, unacknowledged heartbeats or a resumable INVALID_SESSION THEN the client resumes', async () => {
    const emulator = await emulate({ heartbeatIntervalMs: 250 });
    await connect(emulator);

    emulator.requestReconnect(0);
    expect((await emulator.waitForShardReady(0, undefined, { next: true })).resumed).toBe(true);
    emulator.stopHeartbeatAcks(0);
    expect((await emulator.waitForShardReady(0, undefined, { next: true })).resumed).toBe(true);
    emulator.invalidateSession(0, true);
    expect((await emulator.waitForShardReady(0, undefined, { next: true })).resumed).toBe(true);

    expect(emulator.sessions).toMatchObject([{ resumes: 3, connected: true, resumable: true }]);
  });

  it('GIVEN a non-resumable INVALID_SESSION THEN the client identifies a new session that gets interactions', async () => {
    const emulator = await emulate();
    // discord.js waits about 5 s between IDENTIFYs; a throttler that never waits keeps this test fast.
    const client = await connect(emulator, {
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    });
    handle(client, (interaction) =>
      interaction.isChatInputCommand() ? interaction.reply('new session') : Promise.resolve(),
    );
    const first = emulator.sessions[0]?.sessionId;

    emulator.invalidateSession(0, false);
    const ready = await emulator.waitForShardReady(0, undefined, { next: true });
    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));

    expect(ready.resumed).toBe(false);
    expect(ready.sessionId).not.toBe(first);
    expect((await emulator.waitForResponse(id)).data).toMatchObject({ content: 'new session' });
    expect(emulator.sessions.map((s) => s.resumable)).toEqual([false, true]);
  });

  it('GIVEN two shards THEN each client gets only its own guild and its guild’s interactions', async () => {
    const guildA = guildIdOnShard(0, 2);
    const guildB = guildIdOnShard(1, 2);
    const emulator = await emulate({ shardCount: 2, guilds: [guildA, guildB] });
    const shard0 = await connect(emulator, { shards: [0], shardCount: 2 });
    const shard1 = await connect(emulator, { shards: [1], shardCount: 2 });
    const received: Record<string, string[]> = { shard0: [], shard1: [] };
    for (const [name, client] of [
      ['shard0', shard0],
      ['shard1', shard1],
    ] as const) {
      handle(client, async (interaction) => {
        received[name]?.push(interaction.guildId ?? 'dm');
        if (interaction.isChatInputCommand()) await interaction.reply(name);
      });
    }

    expect([...shard0.guilds.cache.keys()]).toEqual([guildA]);
    expect([...shard1.guilds.cache.keys()]).toEqual([guildB]);
    const inB = emulator.dispatchInteraction(emulator.payloads.chatInput('ask', {}, { guildId: guildB }));
    const inA = emulator.dispatchInteraction(emulator.payloads.chatInput('ask', {}, { guildId: guildA }));
    const inDm = emulator.dispatchInteraction(emulator.payloads.chatInput('ask', {}, { where: 'dm' }));

    expect((await emulator.waitForResponse(inB)).data).toEqual({
      content: 'shard1',
      tts: false,
      enforce_nonce: false,
    });
    expect((await emulator.waitForResponse(inA)).data).toMatchObject({ content: 'shard0' });
    expect((await emulator.waitForResponse(inDm)).data).toMatchObject({ content: 'shard0' });
    expect(received).toEqual({ shard0: [guildA, 'dm'], shard1: [guildB] });
  });

  it('GIVEN a message context menu on a user message THEN the bot reads the target and can pin it', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const channelId = emulator.guilds[0]?.textChannelIds[0] ?? '';
    const target = emulator.seedMessage(emulator.payloads.userMessage(channelId, 'I never said that'));
    handle(client, async (interaction) => {
      if (!interaction.isMessageContextMenuCommand()) return;
      await interaction.targetMessage.pin();
      await interaction.reply({
        content: `Pinned: ${interaction.targetMessage.content}`,
        flags: MessageFlags.Ephemeral,
      });
    });

    const id = emulator.dispatchInteraction(emulator.payloads.messageContextMenu('Find receipts', target));

    expect(await emulator.waitForResponse(id)).toMatchObject({
      type: 4,
      data: { content: 'Pinned: I never said that', flags: 64 },
    });
    expect(emulator.pinnedMessages(channelId).map((m) => m.id)).toEqual([target.id]);
    expect(emulator.originalMessage(id)).toMatchObject({ type: 23 });
  });

  it('GIVEN a user-installed app in a guild it is not in THEN replies work but channel routes answer Missing Access', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const results: unknown[] = [];
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('from a user install');
      const message = await interaction.fetchReply();
      results.push(
        await client.rest
          .put(Routes.channelMessagesPin(message.channelId, message.id))
          .catch((e: unknown) => e),
      );
    });
    const foreignGuild = guildIdOnShard(0, 1, 7);

    const id = emulator.dispatchInteraction(
      emulator.payloads.chatInput(
        'ask',
        {},
        { guildId: foreignGuild, install: 'user', user: '42424242424242' },
      ),
    );
    await until(() => results.length === 1);

    const payload = emulator.interaction(id)?.payload;
    expect(payload).toMatchObject({ authorizing_integration_owners: { 1: '42424242424242' }, context: 0 });
    expect(results[0]).toMatchObject({ status: 403, code: 50001 });
    expect(emulator.calls.map((c) => `${c.method} ${c.operationId} ${c.status}`)).toEqual([
      'GET get_bot_gateway 200',
      'POST create_interaction_response 204',
      'GET get_original_webhook_message 200',
      'PUT create_pin 403',
    ]);
  });

  it('GIVEN a DM THEN the interaction carries user instead of member and the bot can answer', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const where: unknown[] = [];
    handle(client, async (interaction) => {
      // Without Partials.Channel discord.js does not cache the DM channel, so `interaction.channel` is null.
      where.push([interaction.inGuild(), interaction.user.id, interaction.member, interaction.channelId]);
      if (interaction.isChatInputCommand()) await interaction.reply('hello in DM');
    });

    const id = emulator.dispatchInteraction(
      emulator.payloads.chatInput('ask', {}, { where: 'dm', user: '777777777777777777' }),
    );

    expect(await emulator.waitForResponse(id)).toMatchObject({ type: 4 });
    const dmChannelId = emulator.payloads.dmChannelId('777777777777777777');
    expect(where).toEqual([[false, '777777777777777777', null, dmChannelId]]);
    expect(emulator.interaction(id)?.payload).toMatchObject({
      context: 1,
      authorizing_integration_owners: { 0: '0' },
    });
  });

  it('GIVEN a user-install-only interaction THEN the sixth follow-up is refused with 40094', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const outcomes: string[] = [];
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      for (let n = 1; n <= 6; n++) {
        outcomes.push(
          await interaction.followUp(`part ${n}`).then(
            () => 'sent',
            (error: DiscordAPIError) => String(error.code),
          ),
        );
      }
    });

    emulator.dispatchInteraction(emulator.payloads.chatInput('ask', {}, { install: 'user' }));
    await until(() => outcomes.length === 6);

    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', '40094']);
  });

  it('GIVEN a reply with a file THEN the multipart payload_json is validated and the file recorded', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({
        content: 'see attached',
        files: [{ attachment: Buffer.from('quote'), name: 'receipt.txt' }],
      });
    });

    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));
    const call = await emulator.waitForCall(isCallback(id));

    expect(call.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(call).toMatchObject({ status: 204, body: { type: 4, data: { content: 'see attached' } } });
    expect(call.files).toEqual([
      { field: 'files[0]', filename: 'receipt.txt', contentType: expect.any(String), size: 5 },
    ]);
    expect(emulator.originalMessage(id)?.attachments).toMatchObject([{ filename: 'receipt.txt', size: 5 }]);
  });

  it('GIVEN an ephemeral reply THEN the bot cannot pin it (channel routes do not see it)', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const results: unknown[] = [];
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({ content: 'only you can see this', flags: MessageFlags.Ephemeral });
      const message = await interaction.fetchReply();
      results.push(await message.pin().catch((e: unknown) => e));
    });

    emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));
    await until(() => results.length === 1);

    expect(results[0]).toMatchObject({ status: 404, code: 10008 });
  });

  it('GIVEN the bot loses PIN_MESSAGES THEN discord.js sees the role change and pinning is refused with 50013', async () => {
    const emulator = await emulate();
    const client = await connect(emulator);
    const [guild] = emulator.guilds;
    const channelId = guild?.textChannelIds[0] ?? '';
    const target = emulator.seedMessage(emulator.payloads.userMessage(channelId, 'quote'));

    emulator.setBotPermissions(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
    await until(
      () => client.guilds.cache.get(guild?.id ?? '')?.members.me?.permissions.has('PinMessages') === false,
    );
    const refused = await client.rest
      .put(Routes.channelMessagesPin(channelId, target.id))
      .catch((e: unknown) => e);

    expect(refused).toMatchObject({ status: 403, code: 50013 });
  });

  it('GIVEN an interaction THEN a follow-up before any response is 10015 and a second response is 40060', async () => {
    const emulator = await emulate();
    await connect(emulator);
    const payload = emulator.payloads.chatInput('ask');
    const post = (path: string, body: unknown) =>
      fetch(`${emulator.apiBase}/v10${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => [r.status, r.status === 204 ? null : await r.json()]);
    const callback = `/interactions/${payload.id}/${payload.token}/callback`;

    emulator.dispatchInteraction(payload);
    await emulator.waitForGatewayFrame((f) => f.t === 'INTERACTION_CREATE');
    const early = await post(`/webhooks/${emulator.applicationId}/${payload.token}?wait=true`, {
      content: 'too soon',
    });
    const first = await post(callback, { type: 4, data: { content: 'first' } });
    const second = await post(callback, { type: 4, data: { content: 'second' } });

    expect(early).toEqual([404, { code: 10015, message: 'Unknown Webhook' }]);
    expect(first).toEqual([204, null]);
    expect(second).toEqual([400, { code: 40060, message: 'Interaction has already been acknowledged.' }]);
  });

  it('GIVEN a first response after the 3 s window THEN Discord answers Unknown interaction (10062)', async () => {
    const clock = new TestClock();
    const emulator = await emulate({ clock });
    const client = await connect(emulator);
    const { errors } = handle(client, async (interaction) => {
      // 3 s and a millisecond pass, on the clock Discord's deadline is measured on.
      clock.advance(3001);
      if (interaction.isChatInputCommand()) await interaction.reply('too late');
    });

    const id = emulator.dispatchInteraction(emulator.payloads.chatInput('ask'));
    const call = await emulator.waitForCall(isCallback(id));

    expect([call.status, call.response]).toEqual([404, { code: 10062, message: 'Unknown interaction' }]);
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ code: 10062 });
  });

  it('GIVEN pins THEN already-pinned is 204, unknown is 10008, and the 251st pin is refused with 30003', async () => {
    const emulator = await emulate();
    const rest = new REST({ api: emulator.apiBase }).setToken(emulator.token);
    const channelId = emulator.guilds[0]?.textChannelIds[0] ?? '';
    const messages = [];
    for (let i = 0; i < 251; i++) {
      messages.push(emulator.seedMessage(emulator.payloads.userMessage(channelId, `quote ${i}`)));
    }

    // @discordjs/rest keeps to 50 requests a second, so the first 250 pins go around it.
    await Promise.all(
      messages.slice(0, 250).map((message) =>
        fetch(`${emulator.apiBase}/v10${Routes.channelMessagesPin(channelId, message.id)}`, {
          method: 'PUT',
          headers: { authorization: `Bot ${emulator.token}` },
        }),
      ),
    );
    await rest.put(Routes.channelMessagesPin(channelId, messages[0]?.id ?? ''));
    const full = await rest
      .put(Routes.channelMessagesPin(channelId, messages[250]?.id ?? ''))
      .catch((e: unknown) => e);
    // The legacy route, /channels/{channel_id}/pins/{message_id}, with an id no message has.
    const unknown = await rest.put(`${Routes.channelPins(channelId)}/123`).catch((e: unknown) => e);
    const listed = (await rest.get(Routes.channelMessagesPins(channelId))) as {
      items: unknown[];
      has_more: boolean;
    };

    expect(full).toMatchObject({ status: 400, code: 30003 });
    expect(unknown).toMatchObject({ status: 404, code: 10008 });
    expect(emulator.pinnedMessages(channelId)).toHaveLength(250);
    expect([listed.items.length, listed.has_more]).toEqual([50, true]);
  });

  it('GIVEN a wrong bot token on REST THEN the call is refused without a 401', async () => {
    const emulator = await emulate();
    const rest = new REST({ api: emulator.apiBase }).setToken('not-the-token');

    const refused = await rest.get(Routes.user('@me')).catch((e: unknown) => e);
    const unknownRoute = await fetch(`${emulator.apiBase}/v10/nowhere`);

    expect(refused).toMatchObject({ status: 403, code: 40001 });
    expect([unknownRoute.status, await unknownRoute.json()]).toEqual([
      404,
      { message: '404: Not Found', code: 0 },
    ]);
  });
});
