/**
 * `npm run deploy` against the local Discord: one bulk overwrite of every command, guild-scoped
 * or global, with Discord's reason and a non-zero exit when Discord refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../commands/index.js';
import { type Emulator, snowflake, startEmulator } from '../emulator/index.js';
import { botToken } from '../support/bot.js';
import { copyProject } from '../support/project.js';
import { cleanEnv, lines, run } from '../support/run.js';

const guildId = snowflake();
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ token: botToken, guilds: [{ id: guildId }] });
});

afterAll(async () => {
  await emulator?.close();
});

function deploy(env: Record<string, string> = {}) {
  return run(process.execPath, ['dist/src/discord/deploy.js'], {
    env: cleanEnv({
      DISCORD_TOKEN: emulator.token,
      DISCORD_APPLICATION_ID: emulator.applicationId,
      DISCORD_API_BASE: emulator.apiBase,
      ...env,
    }),
  });
}

describe('GIVEN the commands and a Discord that accepts them', () => {
  it('THEN a guild deploy registers every command in that guild with one bulk overwrite and says so', async () => {
    const ran = await deploy({ DISCORD_GUILD_ID: guildId });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const names = commandDefinitions.map((definition) => definition.name);
    expect(ran.stdout.trim()).toBe(
      `Registered ${names.length} commands in guild ${guildId}: ${names.join(', ')}.`,
    );
    const puts = emulator.calls.filter((call) => call.method === 'PUT' && call.path.endsWith('/commands'));
    expect(puts).toHaveLength(1);
    expect(puts[0]?.path).toBe(`/applications/${emulator.applicationId}/guilds/${guildId}/commands`);
    expect(puts[0]?.status).toBe(200);
    expect(emulator.commands(guildId).map((command) => command.name)).toEqual(names);
    for (const command of emulator.commands(guildId)) {
      if (command.name === 'receipts') {
        // For a server's moderators: installed to servers, used in them, Manage Server by default.
        expect(command.integration_types).toEqual([0]);
        expect(command.contexts).toEqual([0]);
        expect(command.default_member_permissions).toBe('32');
        continue;
      }
      expect(command.integration_types).toEqual([0, 1]);
      expect(command.contexts).toEqual([0, 1, 2]);
      expect(command.default_member_permissions).toBeNull();
    }
  });

  it('THEN with no guild the commands are registered globally', async () => {
    const ran = await deploy();
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('commands globally');
    expect(emulator.commands().map((command) => command.name)).toContain('Check against sources');
  });

  it('THEN npm run deploy itself works', async () => {
    // In a copy: the script builds first, and a build must not replace dist/ under other tests.
    const project = copyProject();
    const ran = await run('npm', ['run', '--silent', 'deploy'], {
      cwd: project.dir,
      env: cleanEnv({
        DISCORD_TOKEN: emulator.token,
        DISCORD_APPLICATION_ID: emulator.applicationId,
        DISCORD_API_BASE: emulator.apiBase,
        DISCORD_GUILD_ID: guildId,
      }),
    });
    project.remove();
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain(`Registered ${commandDefinitions.length} commands`);
  });
});

describe('GIVEN Discord refuses the registration', () => {
  it("THEN the deploy exits non-zero with Discord's reason", async () => {
    emulator.failNext(
      { method: 'PUT', path: /\/commands$/ },
      {
        status: 400,
        body: {
          code: 50035,
          message: 'Invalid Form Body',
          errors: {
            0: {
              name: {
                _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }],
              },
            },
          },
        },
      },
    );
    const ran = await deploy({ DISCORD_GUILD_ID: guildId });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('Discord refused the registration (400, code 50035): Invalid Form Body');
    expect(ran.stderr).toContain('Command name is invalid');
    expect(ran.stdout).toBe('');
  });

  it('THEN a token Discord does not accept (401) is one line saying to check DISCORD_TOKEN', async () => {
    const strict = await startEmulator({ token: botToken, wrongTokenStatus: 401 });
    try {
      const ran = await run(process.execPath, ['dist/src/discord/deploy.js'], {
        env: cleanEnv({
          DISCORD_TOKEN: `${botToken.slice(0, -5)}wrong`,
          DISCORD_APPLICATION_ID: strict.applicationId,
          DISCORD_API_BASE: strict.apiBase,
        }),
      });
      expect(lines(ran.stderr)).toEqual([
        'Cannot register commands: Discord refused the bot token (401 Unauthorized); check DISCORD_TOKEN (Developer Portal → Bot → Reset Token).',
      ]);
      expect(ran.stdout).toBe('');
      expect(ran.code).toBe(1);
    } finally {
      await strict.close();
    }
  });

  it('THEN a missing token or application id is one clear line and nothing is sent', async () => {
    const before = emulator.calls.length;
    const ran = await deploy({ DISCORD_APPLICATION_ID: '' });
    expect(ran.code).toBe(1);
    expect(ran.stderr.trim().split('\n')).toEqual([
      'Cannot register commands: DISCORD_APPLICATION_ID is required to connect to Discord.',
    ]);
    expect(emulator.calls.length).toBe(before);
  });
});
