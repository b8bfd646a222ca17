/**
 * `npm run deploy`: registers every command with one bulk overwrite — in the guild named by
 * DISCORD_GUILD_ID (instant, for development) or globally. Prints what was registered; on
 * any failure prints Discord's reason and exits non-zero.
 */
import { DiscordAPIError, REST } from '@discordjs/rest';
import { type RESTPutAPIApplicationCommandsResult, Routes } from 'discord-api-types/v10';
import { config as loadDotenv } from 'dotenv';
import { commandDefinitions } from '../../commands/index.js';
import { readConfig } from '../config.js';

loadDotenv({ quiet: true });

async function main(): Promise<number> {
  const configured = readConfig(process.env, ['--deploy']);
  if (!configured.ok) {
    for (const problem of configured.problems) console.error(`Cannot register commands: ${problem}.`);
    return 1;
  }
  const { token, applicationId, guildId, apiBase } = configured.config;
  if (!token || !applicationId) {
    console.error('Cannot register commands: DISCORD_TOKEN and DISCORD_APPLICATION_ID are both required.');
    return 1;
  }
  const rest = new REST({ api: apiBase, retries: 1 }).setToken(token);
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const where = guildId ? `in guild ${guildId}` : 'globally';
  try {
    const registered = (await rest.put(route, {
      body: commandDefinitions,
    })) as RESTPutAPIApplicationCommandsResult;
    console.log(
      `Registered ${registered.length} commands ${where}: ${registered.map((c) => c.name).join(', ')}.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      console.error(
        'Cannot register commands: Discord refused the bot token (401 Unauthorized); check DISCORD_TOKEN ' +
          '(Developer Portal → Bot → Reset Token).',
      );
    } else if (error instanceof DiscordAPIError) {
      console.error(
        `Discord refused the registration (${error.status}, code ${error.code}): ${error.message}`,
      );
      const details = JSON.stringify(error.rawError);
      if (details.length > 2 && details.length < 4000) console.error(details);
    } else {
      console.error(`Could not reach Discord to register commands: ${(error as Error).message}`);
    }
    return 1;
  }
}

process.exitCode = await main();
