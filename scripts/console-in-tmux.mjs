// The console in a real terminal: a tmux pane 80 columns wide, questions typed at it, and the
// pane captured with wrapped lines joined (so a line the terminal had to fold shows whole).
// Prints the capture, then a summary: how many lines, the longest, and every line wider than
// the pane (none but links, which are never broken). Exits 1 if any other line is wider.
// Needs tmux; `npm test` checks the same wrapping through a stream that says it is a terminal.
//
//   node scripts/console-in-tmux.mjs [width]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const width = Number(process.argv[2] ?? 80);
const typed = [
  '/claim inbox api',
  'did netflix read my dms',
  'who won the 2022 world cup',
  'side claim-inbox-api',
  '/timeline 2018',
  '/sources',
  'help',
];

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const state = mkdtempSync(join(tmpdir(), 'receipts-tmux-'));
const socket = `receipts-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const capture = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-E', '-', '-t', 'console');

/** Waits until the pane shows the prompt at its last line, i.e. the console is waiting. */
async function prompted() {
  for (let tries = 0; tries < 600; tries++) {
    const shown = capture().trimEnd().split('\n');
    if (shown.at(-1) === 'receipts>') return;
    await sleep(50);
  }
  throw new Error(`the console did not come back to its prompt:\n${capture()}`);
}

try {
  tmux(
    'new-session',
    '-d',
    '-s',
    'console',
    '-x',
    String(width),
    '-y',
    '50',
    `env -u DISCORD_TOKEN XDG_STATE_HOME=${state} NO_COLOR=1 ${process.execPath} dist/src/main.js --console`,
  );
  tmux('set-option', '-t', 'console', 'history-limit', '100000');
  await prompted();
  for (const line of typed) {
    tmux('send-keys', '-t', 'console', '-l', line);
    tmux('send-keys', '-t', 'console', 'Enter');
    await prompted();
  }
  const lines = capture().trimEnd().split('\n');
  const wider = lines.filter((line) => [...line].length > width);
  const notLinks = wider.filter((line) => !/^https?:\/\/\S+$/.test(line));
  console.log(lines.join('\n'));
  console.log('---');
  console.log(
    `${lines.length} lines in a ${width}-column pane; the longest is ` +
      `${Math.max(...lines.map((line) => [...line].length))} columns; ` +
      `${wider.length} wider than ${width}, all links: ${notLinks.length === 0 ? 'yes' : 'no'}`,
  );
  for (const line of wider) console.log(`  ${[...line].length}: ${line}`);
  process.exitCode = notLinks.length === 0 ? 0 : 1;
} finally {
  try {
    tmux('kill-server');
  } catch {
    // Already gone.
  }
  rmSync(state, { recursive: true, force: true });
}
