// Writes docs/reliability.md from the figures the reliability tests recorded in
// test/reliability/figures/*.json (`npm run reliability` runs the tests, then this).
// Every measured number in the document comes from those files; none is typed here.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const dir = join('test', 'reliability', 'figures');
const groups = [
  'gateway-faults',
  'rest-faults',
  'deadline',
  'shutdown',
  'reload',
  'floods',
  'properties',
  'secrets',
];
const figures = Object.fromEntries(
  groups.map((group) => {
    const file = join(dir, `${group}.json`);
    if (!existsSync(file))
      throw new Error(`${file} is missing: run the reliability tests first (npm run reliability)`);
    return [group, JSON.parse(readFileSync(file, 'utf8'))];
  }),
);

const cell = (value) => (value === undefined || value === null || value === '' ? '–' : String(value));
const number = (value) => (typeof value === 'number' ? value.toLocaleString('en-GB') : cell(value));
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

function notes(row) {
  const out = [];
  if (row.recovery) out.push(row.recovery);
  if (row.replayedOnResume) out.push(`${row.replayedOnResume} replayed on RESUME`);
  if (row.undeliveredNoSession)
    out.push(`${row.undeliveredNoSession} sent while no session existed (Discord delivers those nowhere)`);
  if (row.refusedByTheBot) out.push(`${row.refusedByTheBot} refused by the bot as malformed`);
  if (row.attempts) out.push(`attempts: ${row.attempts}`);
  if (row.failedForGoodAndLogged)
    out.push(`${row.failedForGoodAndLogged} failed for good, logged; the next one answered`);
  if (row.deferred) out.push(`${number(row.deferred)} deferred, then completed`);
  if (row.deferredThenCompleted)
    out.push(`${row.deferredThenCompleted} deferred at 2 s on the test’s clock, then completed`);
  if (row.exitCode !== undefined) out.push(`exit code ${row.exitCode}`);
  if (row.partialStatesRefused !== undefined)
    out.push(`${row.partialStatesRefused} partial states refused by the validator`);
  if (row.answeredFromAPartialPack !== undefined)
    out.push(`${row.answeredFromAPartialPack} answers from a partial pack`);
  return out.join('; ');
}

/** Every row of interactions sent under a fault or a flood, in the order the tables show them. */
const faults = [
  ...figures['gateway-faults'],
  ...figures['rest-faults'],
  ...figures.deadline,
  ...figures.shutdown,
  ...figures.reload.filter((row) => row.sent !== undefined),
  ...figures.floods,
];

const faultRows = faults.map((row) => [
  row.name,
  number(row.sent),
  number(row.answered),
  number(row.answeredTwice ?? 0),
  number(row.refused ?? 0),
  notes(row),
]);

const propertyRows = figures.properties.map((row) => [
  row.name,
  row.clicks === undefined ? number(row.tried) : `${number(row.tried)} queries, ${number(row.clicks)} clicks`,
  Object.entries(row.outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([what, count]) => `${what}: ${number(count)}`)
    .join('; '),
]);

const memory = figures.floods.find((row) => row.botHeapGrowthMB !== undefined);
const watcher = figures.reload.find((row) => row.reads !== undefined);
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const totalTried = figures.properties.reduce((sum, row) => sum + row.tried, 0);

const doc = `# Reliability

What the bot did under faults, floods and hostile input, as the tests in \`test/reliability/\`
measured it against the real discord.js client and the local Discord emulator (which refuses
what Discord would refuse, and enforces the 3-second deadline on a clock the tests move, so
a busy machine does not make an answer late). Every number below was written
by those tests (\`test/reliability/figures/*.json\`) and put into this page by
\`scripts/reliability-report.mjs\`; regenerate it with \`npm run reliability\`.

This run: commit ${commit}, Node ${process.version}, ${availableParallelism()} CPUs, ${new Date().toISOString().slice(0, 10)}.

## Faults and floods

_Sent_: interactions Discord delivered to the bot. _Answered_: acknowledged exactly once and
complete (a message, or a deferral followed by its edit or follow-up). _Answered twice_: a
second accepted callback, or one Discord refused as already acknowledged. _Refused_: a callback
or edit Discord refused (late, malformed or duplicate); faults the test injected on purpose are
not counted as refusals.

${table(['Fault', 'Sent', 'Answered', 'Answered twice', 'Refused', 'Notes'], faultRows)}

## Hostile input (property tests, fast-check)

Inputs: any Unicode (emoji and their joiners, right-to-left and zero-width characters, control
characters), Discord markdown, \`@everyone\`, user, role and channel mentions, links, timestamps,
mixed with words the pack knows, up to each option's limit (200 for query options, 2,000 for a
checked message, 100 for a button id, 4,000 for a quote in a hostile pack). Each answer is
checked against Discord's schema and documented limits, for \`allowed_mentions: { parse: [] }\`,
for the member's words shown as typed and inert (no live markdown, mention, link or heading),
and for every quote being a substring of its source once markdown escapes and bold are removed.
"Refused" below is the bot's own honest answer (nothing in the sources, no words, a damaged
button), not a failure: no input raised an exception or produced a payload Discord would refuse.

${table(['Property', 'Inputs tried', 'What came of them'], propertyRows)}

${number(totalTried)} inputs in all.

## Memory

${
  memory
    ? `After 2,000 interactions to warm up, 10,000 more in a row (four commands, each from a
member not seen before), read through the inspector and /proc:

${table(
  ['', 'After the warm-up', 'Change after 10,000 more', 'Tolerance'],
  [
    [
      'Bot heap, right after a full collection',
      `${memory.botHeapAfterGcMB} MB`,
      `${memory.botHeapGrowthMB} MB`,
      `${memory.heapToleranceMB} MB`,
    ],
    [
      'Bot resident set (VmRSS)',
      `${memory.botRssMB} MB`,
      `${memory.botRssGrowthMB} MB`,
      `${memory.rssToleranceMB} MB`,
    ],
  ],
)}

The resident set also holds V8's free pages and allocator caches, hence its wider tolerance.
The emulator, which keeps every call, message and gateway frame for the assertions, grew by
${memory.emulatorHeapGrowthMB} MB over the same 10,000: that is the test harness, not the bot. (Before a fix in this
branch, discord.js kept a member object for every member who used a command, and the heap
check failed.)`
    : 'No memory figures were recorded.'
}

## Live pack reload

${
  watcher
    ? `A file that parses and validates, read while its writer was still writing, was read
${watcher.reads} times and served ${watcher.halfPacksServed} times in its half-written state; the whole pack was served
once it was complete (${watcher.reloadsServed} reload).`
    : ''
}
A valid edit is served as soon as the watcher has read it (gateway, HTTP endpoint and console); an invalid edit
is logged with the validator's own lines and the last good pack goes on being served.

Known limit: a writer that stops in the middle of a quote for longer than the 100 ms debounce
plus a read leaves a file whose shorter quote is still verbatim, and such a pack is valid; it is
served until the rest of the file lands. Editors that save by writing a whole file, or by
renaming a finished one into place, never show that state.

## Secrets

${figures.secrets
  .map(
    (
      row,
    ) => `${row.name}: ${number(row.outputBytes)} bytes, ${row.logLines} log lines at \`LOG_LEVEL=trace\`, searched
for ${row.secretsSearched} secrets (the bot token, its secret part, the public key, every interaction token):
${row.secretsFound} found. ${row.replyBodiesScanned} bodies sent to Discord or to a client were scanned for stack traces:
${row.bodiesWithAStackTrace} carried one.`,
  )
  .join('\n\n')}

Each run answered, failed inside the router, was refused or rate-limited, and shut down; the
gateway run also failed to deliver a reply (the interaction token is in that URL), the HTTP run
also refused a forged signature and a signed body that is not an interaction.
`;

writeFileSync(join('docs', 'reliability.md'), doc);

// The README's section: the same figures, shorter, between its markers.
const sum = (key) => faults.reduce((total, row) => total + (row[key] ?? 0), 0);
const short = faults.filter((row) => row.answered < row.sent);
const unansweredSentence =
  short.length === 0
    ? 'None went unanswered.'
    : `Unanswered: ${short.map((row) => `${row.sent - row.answered} in “${row.name}”`).join('; ')}.`;
const section = `<!-- reliability:start: written by npm run reliability from the tests' figures -->

Faults, floods and hostile input, each a test in \`test/reliability/\` run by \`npm test\` against
the real discord.js client and the local emulator. Over every fault and flood below, Discord
delivered ${number(sum('sent'))} interactions: ${number(sum('answered'))} were answered, ${sum('answeredTwice')} twice, and Discord refused
${sum('refused')} replies. ${unansweredSentence}
${number(totalTried)} hostile inputs went through the property tests: no exception, no
payload Discord would refuse, no live mention or markdown in a member's words, every quote
verbatim. Ten thousand interactions in a row changed the bot's heap after a full collection by
${memory ? memory.botHeapGrowthMB : '–'} MB. Figures, definitions and known limits: [docs/reliability.md](docs/reliability.md).

${table(
  ['fault', 'sent', 'answered', 'twice', 'refused'],
  faults.map((row) => [
    row.name,
    number(row.sent),
    number(row.answered),
    number(row.answeredTwice ?? 0),
    number(row.refused ?? 0),
  ]),
)}

<!-- reliability:end -->`;
const readme = readFileSync('README.md', 'utf8');
const marked = /<!-- reliability:start[\s\S]*?<!-- reliability:end -->/;
if (!marked.test(readme)) throw new Error('README.md has no reliability markers');
writeFileSync('README.md', readme.replace(marked, section));

// As biome formats markdown.
execFileSync(
  join('node_modules', '.bin', 'biome'),
  ['format', '--write', 'docs/reliability.md', 'README.md'],
  {
    stdio: 'ignore',
  },
);
console.log('docs/reliability.md and the README section written.');
