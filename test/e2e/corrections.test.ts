/**
 * End to end, corrections that reach posted answers: a public answer is pinned, the pack is
 * edited (a statement's words changed, a correction entry added) and reloaded under
 * KNOWLEDGE_WATCH, and the emulator sees the message edited once, with the new words and the
 * "Corrected <date>: …" line, never pinging anyone. The same after a restart between the pin
 * and the edit, once the interaction's token has expired: the bot edits its own message with
 * the bot token, and where Discord refuses that edit, replies with the correction instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type APIInteractionResponse, type APIMessage, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultMemberPermissions, type Emulator, snowflake, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { copyPack, type PackCopy, packIdentity } from '../support/pack.js';
import { PATIENCE_MS } from '../support/patience.js';

type MessageData = Extract<APIInteractionResponse, { type: 4 }>['data'];

const member = '400000000000000021';
const pinner = String(defaultMemberPermissions | PermissionFlagsBits.PinMessages);
const oldWords = 'programmatic access to Facebook users';
const newQuote = 'Netflix had access to Meta’s “Inbox API”';
const change = 'The quote now stops at the words TechCrunch gives as the letter’s.';
const line = `Corrected 1 December 2026: ${change}`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(): Promise<{
  emulator: Emulator;
  guildId: string;
  channel: string;
  pack: PackCopy;
  dataDir: string;
}> {
  const guildId = snowflake();
  const channel = snowflake();
  const emulator = await startEmulator({
    token: botToken,
    guilds: [{ id: guildId, textChannels: [{ id: channel }] }],
  });
  const pack = copyPack();
  const dataDir = mkdtempSync(join(tmpdir(), 'receipts-corrections-'));
  cleanups.push(
    () => emulator.close(),
    () => pack.remove(),
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
  return { emulator, guildId, channel, pack, dataDir };
}

async function bot(emulator: Emulator, pack: PackCopy, dataDir: string): Promise<BotProcess> {
  const started = await startBot(emulator, {
    KNOWLEDGE_DIR: pack.dir,
    KNOWLEDGE_WATCH: 'true',
    DATA_DIR: dataDir,
    PUBLIC_COOLDOWN_SECONDS: '0',
  });
  cleanups.push(async () => {
    await started.stop();
  });
  return started;
}

/** The versions the copy of the pack is given once corrected, and once more after that. */
const corrected = '9.0.0';
const after = '9.0.1';

/** Corrects claim-inbox-api: shorter words, a new version, and the correction entry after the pack's own. */
function correct(pack: PackCopy): void {
  pack.edit('pack.yaml', `version: ${packIdentity(pack.dir).version}`, `version: ${corrected}`);
  pack.edit(
    'statements/claims.yaml',
    `    It also said that Netflix had access to Meta's “Inbox API” that offered the streamer
    “programmatic access to Facebook users' private message inboxes.”`,
    `    Netflix had access to Meta's “Inbox API”`,
  );
  const shipped = pack.read('corrections.yaml').replace(/^\[\]\s*$/m, '');
  pack.write(
    'corrections.yaml',
    `${shipped}\n- statement: claim-inbox-api\n  date: 2026-12-01\n  change: ${change}\n`,
  );
}

async function post(
  emulator: Emulator,
  where: { guildId: string; channel: string },
  name: string,
  options: Record<string, string | boolean>,
): Promise<{ id: string; message: APIMessage }> {
  const id = emulator.dispatchInteraction(
    emulator.payloads.chatInput(name, options, {
      guildId: where.guildId,
      channelId: where.channel,
      user: member,
    }),
  );
  const response = (await emulator.waitForResponse(id)) as { data: MessageData };
  expect(response.data?.flags ?? 0).toBe(0);
  const message = emulator.originalMessage(id);
  if (!message) throw new Error('no message');
  return { id, message };
}

async function pin(emulator: Emulator, message: APIMessage): Promise<void> {
  type Component = { label?: string; custom_id?: string };
  const rows = (message.components ?? []) as { components?: Component[] }[];
  const button = rows.flatMap((row) => row.components ?? []).find((component) => component.label === 'Pin');
  if (!button?.custom_id) throw new Error('no Pin button');
  const id = emulator.dispatchInteraction(
    emulator.payloads.button(button.custom_id, message, { user: member, memberPermissions: pinner }),
  );
  const response = (await emulator.waitForResponse(id)) as { data: MessageData };
  expect(response.data?.content).toBe('Pinned.');
}

/** A body as text without markdown's bold and escapes, to find words in. */
function text(body: unknown): string {
  return JSON.stringify(body ?? null)
    .replace(/\\\\/g, '')
    .replace(/\*\*/g, '');
}

/** Every accepted call editing or replying to a message: through a token, the bot's own route, or a reply. */
function updates(emulator: Emulator, messageId: string, interactionId: string) {
  return emulator.calls.filter(
    (call) =>
      call.status < 300 &&
      ((call.operationId === 'update_original_webhook_message' &&
        emulator.interaction(interactionId)?.token === call.params.webhook_token) ||
        (call.operationId === 'update_message' && call.params.message_id === messageId) ||
        (call.operationId === 'create_message' &&
          (call.body as { message_reference?: { message_id?: string } }).message_reference?.message_id ===
            messageId)),
  );
}

describe('GIVEN a pinned public answer showing a statement', () => {
  it('WHEN the pack is corrected under KNOWLEDGE_WATCH THEN the message is edited once, in place, with the new words and the correction line', async () => {
    const { emulator, guildId, channel, pack, dataDir } = await world();
    const running = await bot(emulator, pack, dataDir);
    const posted = await post(emulator, { guildId, channel }, 'claim', { query: 'inbox api', public: true });
    expect(text(posted.message.embeds[0]?.description)).toContain(oldWords);
    await pin(emulator, posted.message);

    correct(pack);
    await running.waitForLog((r) => r.msg === 'corrections: posted answer updated', PATIENCE_MS);
    const [edit, ...more] = updates(emulator, posted.message.id, posted.id);
    expect(more).toEqual([]);
    expect(edit?.operationId).toBe('update_original_webhook_message');
    expect(edit?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    const message = emulator.message(posted.message.id);
    expect(message?.pinned).toBe(true);
    const first = message?.embeds[0];
    expect(text(first?.description)).toContain(newQuote.replace('’', "'"));
    expect(text(first?.description)).not.toContain(oldWords);
    expect(first?.fields).toContainEqual({ name: 'Correction', value: line });
    // The heading (and whoever shared it) stays as it was.
    expect(message?.content).toBe(posted.message.content);

    // Another version of the pack: the message already shows the correction, so it is left alone.
    pack.edit('pack.yaml', `version: ${corrected}`, `version: ${after}`);
    await running.waitForLog((r) => r.msg === 'corrections: pass done' && r.version === after, PATIENCE_MS);
    expect(updates(emulator, posted.message.id, posted.id)).toHaveLength(1);
  }, 60_000);

  it('WHEN the bot restarts between the pin and the correction, after the token expired THEN it edits its own message with the bot token, and replies where the edit is refused', async () => {
    const { emulator, guildId, channel, pack, dataDir } = await world();
    const first = await bot(emulator, pack, dataDir);
    const pinned = await post(emulator, { guildId, channel }, 'claim', { query: 'inbox api', public: true });
    await pin(emulator, pinned.message);
    const other = await post(emulator, { guildId, channel }, 'ask', {
      question: 'did netflix have access to the inbox api',
      public: true,
    });
    expect(text(other.message.embeds)).toContain(oldWords);
    // The bot looks up the message an answer became while its token lasts (a pin names it).
    await emulator.waitForCall(
      (call) =>
        call.operationId === 'get_original_webhook_message' &&
        call.status === 200 &&
        call.params.webhook_token === emulator.interaction(other.id)?.token,
      PATIENCE_MS,
    );
    expect(await first.stop()).toBe(0);

    emulator.expireInteractionTokens();
    // Discord refuses the edit of the second message; the bot must reply to it instead.
    emulator.failNext(
      { operationId: 'update_message', path: new RegExp(`/messages/${other.message.id}$`) },
      { status: 403, body: { message: 'Cannot edit a message authored by another user', code: 50005 } },
    );
    const second = await bot(emulator, pack, dataDir);
    await second.waitForLog((r) => r.msg === 'corrections: pass done', PATIENCE_MS);
    correct(pack);
    await second.waitForLog((r) => r.msg === 'corrections: pass done' && r.version === corrected, 20_000);

    const [edit, ...moreEdits] = updates(emulator, pinned.message.id, pinned.id);
    expect(moreEdits).toEqual([]);
    expect(edit?.operationId).toBe('update_message');
    expect(edit?.headers.authorization).toBe(`Bot ${botToken}`);
    const edited = emulator.message(pinned.message.id);
    expect(edited?.pinned).toBe(true);
    expect(text(edited?.embeds[0]?.description)).not.toContain(oldWords);
    expect(edited?.embeds[0]?.fields).toContainEqual({ name: 'Correction', value: line });

    const [reply, ...moreReplies] = updates(emulator, other.message.id, other.id);
    expect(moreReplies).toEqual([]);
    expect(reply?.operationId).toBe('create_message');
    expect(reply?.body).toMatchObject({
      content: line,
      message_reference: { message_id: other.message.id },
      allowed_mentions: { parse: [], replied_user: false },
    });
    expect(text((reply?.body as { embeds?: unknown } | undefined)?.embeds)).not.toContain(oldWords);
    // The refused edit left the message as it was.
    expect(text(emulator.message(other.message.id)?.embeds)).toContain(oldWords);
  }, 60_000);
});
