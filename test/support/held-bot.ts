/**
 * The bot as `node dist/src/main.js` runs it, except that every command's answer waits until the
 * process is told to stop (SIGTERM or SIGINT). A shutdown test then knows its answers are in
 * flight when the signal comes. Run with `node --import tsx test/support/held-bot.ts [flags]`.
 */
import { commands } from '../../commands/index.js';
import { start } from '../../src/start.js';
import { holdCommands } from './held.js';

const held = holdCommands(commands);
// Registered before the app's own handlers, so the answers are let go as draining begins.
process.once('SIGTERM', held.release);
process.once('SIGINT', held.release);
await start({ argv: process.argv.slice(2), env: process.env, commands: held.commands });
