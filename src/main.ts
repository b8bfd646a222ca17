/**
 * The entry point users run (`npm start`, `node dist/src/main.js`): the environment (and
 * `.env`) and the command line, handed to {@link start}.
 */
import { config as loadDotenv } from 'dotenv';
import { start } from './start.js';

loadDotenv({ quiet: true });
await start({ argv: process.argv.slice(2), env: process.env });
