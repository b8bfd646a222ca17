/**
 * Every command of the app, in the order Discord lists them. This one list feeds the
 * runtime router, the registration script and the tests.
 */
import type { Command } from '../src/discord/command.js';
import about from './about.js';
import ask from './ask.js';
import check from './check.js';
import claim from './claim.js';
import denial from './denial.js';
import receipts from './receipts.js';
import sources from './sources.js';
import timeline from './timeline.js';

export const commands: readonly Command[] = [claim, denial, timeline, ask, sources, about, receipts, check];

/** The definitions as registered with Discord. */
export const commandDefinitions = commands.map((command) => command.data);
