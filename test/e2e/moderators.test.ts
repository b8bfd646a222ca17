/**
 * End to end, the moderators' loop on a real store: questions the pack cannot answer reach
 * `/receipts report` and `npm run report --json`; feedback counts once per member and answer;
 * only members with Manage Server see the report; removing the bot forgets the server. The bot
 * process with the real discord.js client against the local Discord emulator, recording into a
 * SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type APIEmbed,
  type APIInteractionResponse,
  type APIMessage,
  ComponentType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandDefinitions } from '../../commands/index.js';
import { defaultMemberPermissions, type Emulator, snowflake, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { PATIENCE_MS } from '../support/patience.js';
import { cleanEnv, runNode } from '../support/run.js';

type MessageData = Extract<APIInteractionResponse, { type: 4 }>['data'];

const guildId = snowflake();
const channel = snowflake();
const member = '400000000000000011';
const otherMember = '400000000000000012';
const moderator = '400000000000000013';
const thirdMember = '400000000000000014';
const moderatorPermissions = String(defaultMemberPermissions | PermissionFlagsBits.ManageGuild);
const unanswerable = 'what will the weather be in london tomorrow';
/** Nothing answers it; the closest the sources come is Reed Hastings and Facebook's board. */
const nearMiss = 'who were the lawyers for the letter about netflix';

let emulator: Emulator;
let bot: BotProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'receipts-moderators-'));
  emulator = await startEmulator({
    token: botToken,
    guilds: [{ id: guildId, textChannels: [{ id: channel }] }],
  });
  bot = await startBot(emulator, { DATA_DIR: dataDir, PUBLIC_COOLDOWN_SECONDS: '0' });
});

afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function command(
  name: string,
  options: Record<string, string | boolean>,
  ctx: Parameters<Emulator['payloads']['chatInput']>[2] = {},
): Promise<{ id: string; type: number; data: MessageData }> {
  const id = emulator.dispatchInteraction(
    emulator.payloads.chatInput(name, options, { guildId, channelId: channel, user: member, ...ctx }),
  );
  const response = (await emulator.waitForResponse(id)) as { type: number; data: MessageData };
  return { id, ...response };
}

/** The report a moderator sees, as text (field names and values). */
async function report(): Promise<{ data: MessageData; text: string }> {
  const { data } = await command(
    'receipts report',
    {},
    { user: moderator, memberPermissions: moderatorPermissions },
  );
  const embed = (data?.embeds ?? [])[0] as APIEmbed | undefined;
  const text = (embed?.fields ?? []).map((field) => `${field.name}\n${field.value}`).join('\n\n');
  return { data, text };
}

/** `npm run report -- --json` against the bot's store. */
async function cliReport(): Promise<{
  questions: { query: string; last7: number; last30: number; outcome: string }[];
  feedback: {
    statement: { id: string; title: string | null };
    reason: string;
    count: number;
    comments: string[];
  }[];
  shown: { statement: { id: string }; count: number }[];
}> {
  const ran = await runNode('dist/src/cli/report.js', ['--json'], { env: cleanEnv({ DATA_DIR: dataDir }) });
  expect(ran.stderr).toBe('');
  expect(ran.code).toBe(0);
  return JSON.parse(ran.stdout);
}

function feedbackMenu(message: APIMessage | undefined): {
  custom_id: string;
  options: { label: string; value: string }[];
} {
  for (const row of message?.components ?? []) {
    for (const component of 'components' in row ? row.components : []) {
      if (component.type === ComponentType.StringSelect) return component as never;
    }
  }
  throw new Error(`no feedback menu on ${JSON.stringify(message?.components)}`);
}

describe('GIVEN the bot recording into a SQLite file', () => {
  it('WHEN a member asks what the pack cannot answer THEN /receipts report and npm run report --json list it', async () => {
    const asked = await command('ask', { question: unanswerable });
    expect(asked.data?.content).toMatch(/The sources do not cover that/);
    await command('ask', { question: unanswerable.toUpperCase() }, { user: otherMember });

    const counted = new RegExp(
      `\\*\\*2\\*\\* / \\*\\*2\\*\\* · “(${unanswerable}|${unanswerable.toUpperCase()})” · /ask`,
      'i',
    );
    // Records are written a moment after the answers: ask for the report until both are in.
    const seen = await vi.waitFor(
      async () => {
        const shown = await report();
        expect(shown.text).toMatch(counted);
        return shown;
      },
      { timeout: PATIENCE_MS, interval: 100 },
    );
    expect(seen.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(seen.data?.allowed_mentions).toEqual({ parse: [] });

    const json = await cliReport();
    expect(json.questions).toContainEqual({
      query: expect.stringMatching(new RegExp(`^${unanswerable}$`, 'i')),
      mode: 'ask',
      outcome: 'unanswered',
      last7: 2,
      last30: 2,
    });
  });

  it('WHEN the sources only come close to a question THEN it is recorded as weakly answered', async () => {
    const asked = await command('ask', { question: nearMiss });
    expect(asked.data?.content).toMatch(
      /^\*\*Closest the sources come\*\* to “who were the lawyers for the letter about netflix”/,
    );
    expect(asked.data?.embeds?.length).toBeGreaterThan(0);

    const seen = await vi.waitFor(
      async () => {
        const shown = await report();
        expect(shown.text).toContain(`**1** / **1** · “${nearMiss}” · /ask · *weak answer*`);
        return shown;
      },
      { timeout: PATIENCE_MS, interval: 100 },
    );
    expect(seen.data?.flags).toBe(MessageFlags.Ephemeral);
    expect((await cliReport()).questions).toContainEqual({
      query: nearMiss,
      mode: 'ask',
      outcome: 'weak',
      last7: 1,
      last30: 1,
    });
  });

  it('WHEN one member gives feedback twice on an answer THEN it is acknowledged privately each time and counted once', async () => {
    const posted = await command('claim', { query: 'inbox api', public: true });
    const message = emulator.originalMessage(posted.id);
    const menu = feedbackMenu(message);
    expect(menu.options.map((option) => option.label)).toEqual([
      'Wrong attribution',
      'Missing context',
      'Quote not in the source',
      'Out of date',
      'Other',
    ]);
    const choose = async (user: string, value: string) => {
      const id = emulator.dispatchInteraction(
        emulator.payloads.stringSelect(menu.custom_id, [value], message as APIMessage, { user }),
      );
      return (await emulator.waitForResponse(id)) as { type: number; data: MessageData };
    };
    for (const user of [member, member, otherMember]) {
      const ack = await choose(user, 'wrong-attribution');
      expect(ack.type).toBe(4);
      expect(ack.data?.flags).toBe(MessageFlags.Ephemeral);
      expect(ack.data?.content).toMatch(/^Thank you: “Wrong attribution” is noted/);
    }

    // "Other" opens a form; what is typed there is kept with the feedback.
    const modal = await choose(thirdMember, 'other');
    expect(modal.type).toBe(9);
    const form = modal.data as unknown as { custom_id: string; title: string };
    expect(form.title).toBe('What is wrong with this answer?');
    const submitted = emulator.dispatchInteraction(
      emulator.payloads.modalSubmit(
        form.custom_id,
        { comment: 'The speaker is <@123> not TechCrunch' },
        message as APIMessage,
        {
          user: thirdMember,
        },
      ),
    );
    const thanks = (await emulator.waitForResponse(submitted)) as { data: MessageData };
    expect(thanks.data?.flags).toBe(MessageFlags.Ephemeral);

    const firstStatement = message?.embeds[0]?.title;
    const json = await vi.waitFor(
      async () => {
        const current = await cliReport();
        expect(current.feedback.some((row) => row.reason === 'other')).toBe(true);
        return current;
      },
      { timeout: PATIENCE_MS, interval: 100 },
    );
    const wrong = json.feedback.find(
      (row) => row.reason === 'wrong-attribution' && row.statement.title === firstStatement,
    );
    expect(wrong?.count).toBe(2);
    const other = json.feedback.find(
      (row) => row.reason === 'other' && row.statement.title === firstStatement,
    );
    expect(other).toMatchObject({ count: 1, comments: ['The speaker is <@123> not TechCrunch'] });

    const { text } = await report();
    expect(text).toContain(`**2** × Wrong attribution · ${firstStatement}`);
    // A member's words in the report cannot mention anyone.
    expect(text).toContain('> The speaker is \\<@123> not TechCrunch');
    expect(JSON.stringify(json)).not.toContain(member);
  });

  it('WHEN a member without Manage Server runs the report THEN they are refused and see nothing recorded', async () => {
    const definition = commandDefinitions.find((definition) => definition.name === 'receipts');
    expect(definition).toMatchObject({
      default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      contexts: [0],
    });
    const refused = await command('receipts report', {});
    expect(refused.data?.content).toBe(
      'Only members with the Manage Server permission can see or delete what Receipts records.',
    );
    expect(refused.data?.embeds ?? []).toEqual([]);
    expect(refused.data?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('WHEN the bot is removed from the server THEN everything it recorded there is forgotten', async () => {
    expect((await cliReport()).questions.length).toBeGreaterThan(0);
    emulator.removeGuild(guildId);
    await bot.waitForLog((record) => record.msg === 'removed from a server; forgetting its records');
    await vi.waitFor(
      async () => {
        const json = await cliReport();
        expect([json.questions, json.feedback, json.shown]).toEqual([[], [], []]);
      },
      { timeout: PATIENCE_MS, interval: 100 },
    );
  });
});
