/**
 * `npm run report [-- --json]`: the moderators' report across every server, for the pack's
 * maintainers: questions the pack could not answer, feedback by statement and reason, and the
 * statements shown most. Reads the store the bot is configured with (DATA_DIR or DATABASE_URL).
 */
import { config as loadDotenv } from 'dotenv';
import { readConfig } from '../config.js';
import { formatProblem, loadPack } from '../knowledge/load.js';
import { describeLocation, storeLocation } from '../store/database.js';
import { type ReportView, reportView } from '../store/report-view.js';
import { Store } from '../store/store.js';

loadDotenv({ quiet: true });

function column(value: number, width = 6): string {
  return String(value).padStart(width);
}

/** The report as text for a terminal. */
export function reportText(view: ReportView): string {
  const lines = [`Receipts report, every server · pack ${view.pack} · ${view.generatedAt}`, ''];
  lines.push('Not answered (last 7 days, last 30 days)');
  if (view.questions.length === 0) lines.push('  nothing');
  for (const row of view.questions) {
    const how = row.outcome === 'weak' ? `/${row.mode}, weak answer` : `/${row.mode}`;
    lines.push(`${column(row.last7)}${column(row.last30)}  ${row.query}  (${how})`);
  }
  lines.push('', 'Feedback by statement and reason (last 30 days)');
  if (view.feedback.length === 0) lines.push('  none');
  for (const row of view.feedback) {
    lines.push(
      `${column(row.count)}  ${row.reasonLabel}  ${row.statement.id}  ${row.statement.title ?? '(no longer in the pack)'}`,
    );
    for (const comment of row.comments) lines.push(`        “${comment.replace(/\s+/g, ' ')}”`);
  }
  lines.push('', 'Most shown statements (last 30 days)');
  if (view.shown.length === 0) lines.push('  none');
  for (const row of view.shown) {
    lines.push(
      `${column(row.count)}  ${row.statement.id}  ${row.statement.title ?? '(no longer in the pack)'}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--json');
  if (unknown.length > 0) {
    console.error(`usage: npm run --silent report [-- --json] (unknown: ${unknown.join(' ')})`);
    process.exitCode = 2;
    return;
  }
  const configured = readConfig(process.env, ['--console']);
  if (!configured.ok) {
    for (const problem of configured.problems) console.error(`Receipts cannot report: ${problem}.`);
    process.exitCode = 1;
    return;
  }
  const { config } = configured;
  if (!config.store) {
    console.error('Receipts cannot report: the store is off (STORE=off), so nothing was recorded.');
    process.exitCode = 1;
    return;
  }
  const loaded = await loadPack(config.knowledgeDir);
  if (!loaded.ok) {
    console.error('Receipts cannot report: the knowledge pack is not valid.');
    for (const problem of loaded.problems) console.error(formatProblem(problem, config.knowledgeDir));
    process.exitCode = 1;
    return;
  }
  const location = storeLocation(config.store);
  let store: Store;
  try {
    store = await Store.open(location, { secret: config.store.secret });
  } catch (error) {
    console.error(
      `Receipts cannot report: the store at ${describeLocation(location)} cannot be opened: ${(error as Error).message}`,
    );
    process.exitCode = 1;
    return;
  }
  try {
    const view = reportView(await store.report(null, Date.now()), loaded.pack);
    console.log(args.includes('--json') ? JSON.stringify(view, null, 2) : reportText(view));
  } finally {
    await store.close();
  }
}

await main();
