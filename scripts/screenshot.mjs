// Renders the README's pictures: real answers (docs/answer-claim.png, docs/answer-denial.png), the
// moderators' report (docs/report.png) and a statement's page of the web record
// (docs/web-statement.png).
// For an answer, it runs `npm run ask -- ... --format discord` to get the exact interaction callback
// body the bot sends; for the report, it writes an example month into a throwaway SQLite store and
// renders `/receipts report` from it with the bot's own modules. Each payload is kept beside its
// picture (docs/*.json; the report's with the records it was drawn from) and turned into a page of
// fake Discord messages (@skyra/discord-components-core). The picture carries the SHA-256 of its
// payload in a PNG text chunk, so test/docs/pictures.test.ts can tell, with no browser, when the
// bot's message or the picture no longer matches the payload.
// For the web, it runs `npm run site` (without PUBLIC_URL) and opens a statement's page; that
// picture carries the SHA-256 of the page and the stylesheet it was drawn from, which the same
// test compares with the page the site builds now.
// Each page is served on 127.0.0.1 and photographed with the Chromium that `npm ci` brings
// (@sparticuz/chromium, see scripts/chromium.mjs) driven by playwright-core.
// Run by hand with `npm run screenshot [-- NAME…]` (names: claim, denial, report, web; all by
// default); it is not part of CI or `npm test`. The page loads nothing from outside this machine:
// every request that is not to the local server is refused.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { build } from 'esbuild';
import { launchChromium } from './chromium.mjs';

const SHOTS = [
  { name: 'claim', command: 'claim', query: 'inbox api', file: 'docs/answer-claim' },
  { name: 'denial', command: 'denial', query: 'did meta share messages', file: 'docs/answer-denial' },
  { name: 'report', command: 'receipts report', query: null, file: 'docs/report' },
];
/** The web record's picture: the top of a statement's page, quote highlighted in its source. */
const WEB_SHOT = {
  name: 'web',
  path: '/site/statements/claim-inbox-api/',
  file: 'docs/web-statement.png',
  viewport: { width: 900, height: 1240 },
  /** The files the picture is drawn from, in the written site. */
  drawnFrom: ['statements/claim-inbox-api/index.html', 'assets/site.css'],
};
const WIDTH = 800;
/** The PNG text chunk keyword under which a picture names the payload it shows. */
const PAYLOAD_KEY = 'receipts-payload-sha256';
/** The PNG text chunk keyword under which the web picture names the page it shows. */
const PAGE_KEY = 'receipts-page-sha256';
const TYPES = {
  '.html': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
};
// Avatars are inline pictures, so the page needs no image from a CDN.
const BOT_AVATAR = svgAvatar('#5865f2', 'R');
const USER_AVATAR = svgAvatar('#747f8d', 'Y');
const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'destructive', 5: 'secondary' };

function svgAvatar(color, letter) {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><circle cx="20" cy="20" r="20" fill="${color}"/>` +
    `<text x="20" y="27" font-family="Noto Sans, sans-serif" font-size="20" font-weight="700" fill="#fff" ` +
    `text-anchor="middle">${letter}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
  );
}

// --- Discord markdown, only the constructs the bot writes ---------------------------------------

// A backslash escape, **bold**, *italic*, a masked link [label](<url>) or a ||spoiler||, each
// honouring escapes, or `inline code`. Bold and italic are plain <strong> and <em>:
// <discord-bold> and <discord-italic> pad their text with spaces, which would show inside
// quotation marks.
const INLINE =
  /\\([^0-9A-Za-z\s])|\*\*((?:\\.|[^\\])+?)\*\*|\*((?:\\.|[^\\*])+)\*|\[((?:\\.|[^\\\]])+)\]\(<?([^\s<>()]+)>?\)|\|\|((?:\\.|[^\\|])+)\|\||`([^`]+)`/gs;

function inline(markdown) {
  let html = '';
  let at = 0;
  for (const m of markdown.matchAll(INLINE)) {
    html += escapeHtml(markdown.slice(at, m.index));
    const [, escaped, bold, italic, label, url, spoiler, code] = m;
    if (escaped !== undefined) html += escapeHtml(escaped);
    else if (code !== undefined) html += `<discord-code>${escapeHtml(code)}</discord-code>`;
    else if (bold !== undefined) html += `<strong>${inline(bold)}</strong>`;
    else if (italic !== undefined) html += `<em>${inline(italic)}</em>`;
    else if (spoiler !== undefined) html += `<discord-spoiler>${inline(spoiler)}</discord-spoiler>`;
    else html += `<discord-link href="${escapeHtml(url)}" target="_blank">${inline(label)}</discord-link>`;
    at = m.index + m[0].length;
  }
  return html + escapeHtml(markdown.slice(at));
}

// Lines starting "> " make a block quote ("">>> " quotes the rest), "-# " a line of subtext; other
// lines are joined by line breaks. As in Discord, a quote takes its own line break with it.
function markdownToHtml(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  let plain = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('>>> ')) {
      blocks.push(quote([line.slice(4), ...lines.slice(i + 1)]));
      plain = null;
      break;
    }
    if (line.startsWith('> ')) {
      const quoted = [];
      while (i < lines.length && lines[i]?.startsWith('> ')) quoted.push(lines[i++]?.slice(2));
      i--;
      blocks.push(quote(quoted));
      plain = null;
    } else if (line.startsWith('-# ')) {
      blocks.push(`<discord-subscript>${inline(line.slice(3))}</discord-subscript>`);
      plain = null;
    } else if (plain === null) {
      plain = [line];
      blocks.push(plain);
    } else {
      plain.push(line);
    }
  }
  return blocks.map((block) => (Array.isArray(block) ? block.map(inline).join('<br>') : block)).join('');
}

function quote(lines) {
  return `<discord-quote>${lines.map(inline).join('<br>')}</discord-quote>`;
}

// --- The page ----------------------------------------------------------------------------------

function embedHtml(embed) {
  const attributes = {
    color: embed.color === undefined ? undefined : `#${embed.color.toString(16).padStart(6, '0')}`,
    'author-name': embed.author?.name,
    'author-url': embed.author?.url,
    'embed-title': embed.title,
    url: embed.url,
  };
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  const description = embed.description
    ? `<discord-embed-description slot="description">${markdownToHtml(embed.description)}</discord-embed-description>`
    : '';
  const footer = embed.footer
    ? `<discord-embed-footer slot="footer">${escapeHtml(embed.footer.text)}</discord-embed-footer>`
    : '';
  const fields = embed.fields?.length
    ? `<discord-embed-fields slot="fields">${embed.fields
        .map(
          (field) =>
            `<discord-embed-field field-title="${escapeHtml(field.name)}">${markdownToHtml(field.value)}</discord-embed-field>`,
        )
        .join('')}</discord-embed-fields>`
    : '';
  return `<discord-embed slot="embeds"${attrs}>${description}${fields}${footer}</discord-embed>`;
}

function componentHtml(component) {
  if (component.type === 3) {
    return `<discord-string-select-menu placeholder="${escapeHtml(component.placeholder ?? '')}"></discord-string-select-menu>`;
  }
  return buttonHtml(component);
}

function buttonHtml(button) {
  const type = BUTTON_STYLES[button.style] ?? 'secondary';
  const url = button.url ? ` url="${escapeHtml(button.url)}"` : '';
  const disabled = button.disabled ? ' disabled' : '';
  return `<discord-button type="${type}"${url}${disabled}>${escapeHtml(button.label ?? '')}</discord-button>`;
}

function pageHtml(payload, command) {
  const data = payload.data;
  const rows = (data.components ?? [])
    .map((row) => `<discord-action-row>${row.components.map(componentHtml).join('')}</discord-action-row>`)
    .join('');
  const ephemeral = (data.flags ?? 0) & 64 ? ' ephemeral' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Receipts: /${escapeHtml(command)}</title>
<style>
  html, body { margin: 0; background: #36393e; }
  discord-messages { display: block; width: ${WIDTH}px; border: 0; padding: 4px 0; }
</style>
<script type="module" src="/components.js"></script>
</head>
<body>
<discord-messages>
<discord-message author="Receipts" bot avatar="${BOT_AVATAR}" timestamp="Today at 12:00 PM"${ephemeral}>
<discord-command slot="reply" author="you" avatar="${USER_AVATAR}" command="/${escapeHtml(command)}"></discord-command>
${markdownToHtml(data.content ?? '')}
${(data.embeds ?? []).map(embedHtml).join('\n')}
${rows ? `<discord-attachments slot="components">${rows}</discord-attachments>` : ''}
</discord-message>
</discord-messages>
</body>
</html>
`;
}

// --- The report: an example month ---------------------------------------------------------------

/** When the example report is made; fixed, so the payload is the same on every run. */
const REPORT_AT = Date.parse('2024-04-30T12:00:00Z');
const DAY_MS = 86_400_000;

/** An example month in one server, as the bot records it. */
function exampleMonth(packVersion) {
  const guildId = '1200000000000000001';
  const records = [];
  const at = (daysAgo) => REPORT_AT - daysAgo * DAY_MS;
  const asked = (query, days, mode = 'ask', outcome = 'unanswered') => {
    for (const ago of days)
      records.push({ kind: 'question', guildId, mode, query, outcome, packVersion, at: at(ago) });
  };
  asked('did netflix read my whatsapp messages', [1, 2, 2, 4, 6, 9, 15, 21, 27]);
  asked('what did zuckerberg say under oath', [1, 3, 5, 12]);
  asked('inbox api price', [2, 4], 'ask', 'weak');
  asked('netflix password sharing', [8, 19, 26], 'claim');
  const flagged = (statementIds, reason, members, comment = null) => {
    for (const member of members) {
      records.push({
        kind: 'feedback',
        guildId,
        channelId: '1200000000000000002',
        messageId: `message-${reason}-${member}`,
        userId: `member-${member}`,
        statementIds,
        reason,
        comment,
        packVersion,
        at: at(member),
      });
    }
  };
  flagged(['claim-inbox-api'], 'wrong-attribution', [1, 2, 3]);
  flagged(['stone-post-untrue'], 'missing-context', [4]);
  flagged(
    ['claim-inbox-api'],
    'other',
    [5],
    'The letter says the access began by 2013; this answer reads as 2011.',
  );
  const shown = (statementIds, times) => {
    for (let i = 0; i < times; i++) records.push({ kind: 'shown', guildId, statementIds, at: at(i % 20) });
  };
  shown(['claim-inbox-api'], 42);
  shown(['stone-post-untrue'], 17);
  shown(['claim-titan-api'], 9);
  return { guildId, records };
}

/** The named exports of the app's own sources, bundled once into a throwaway module. */
async function importSources(exports) {
  // Inside the project, so the bundle's own imports resolve from node_modules.
  mkdirSync('node_modules/.cache/receipts', { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), 'node_modules/.cache/receipts/sources-'));
  const outfile = join(dir, 'sources.mjs');
  const contents = Object.entries(exports)
    .map(([name, file]) => `export { ${name} } from ${JSON.stringify(join(process.cwd(), file))};`)
    .join('\n');
  await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  try {
    return await import(outfile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report's payload, drawn from the example month written into a throwaway SQLite store. */
async function reportPayload() {
  const { Store, renderReport, loadPack } = await importSources({
    Store: 'src/store/store.ts',
    renderReport: 'src/discord/report.ts',
    loadPack: 'src/knowledge/load.ts',
  });
  const loaded = await loadPack('knowledge');
  if (!loaded.ok) throw new Error('the knowledge pack does not load');
  const { guildId, records } = exampleMonth(loaded.pack.meta.version);
  const missing = [...new Set(records.flatMap((record) => record.statementIds ?? []))].filter(
    (id) => !loaded.pack.byId.statements.has(id),
  );
  if (missing.length > 0)
    throw new Error(`the example month names statements the pack lacks: ${missing.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'receipts-report-'));
  const store = await Store.open({ engine: 'sqlite', file: join(dir, 'receipts.sqlite') });
  try {
    await store.write(records);
    const payload = { type: 4, data: renderReport(await store.report(guildId, REPORT_AT), loaded.pack) };
    return { stored: { at: new Date(REPORT_AT).toISOString(), guildId, records }, payload };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- Running it --------------------------------------------------------------------------------

function ask(command, query) {
  // As the test asks again: with no public address, so the answer carries no web links.
  const { PUBLIC_URL: _unused, ...env } = process.env;
  const out = execFileSync('npm', ['run', '--silent', 'ask', '--', command, query, '--format', 'discord'], {
    encoding: 'utf8',
    env,
  });
  const payload = JSON.parse(out);
  if (payload.type !== 4 || !payload.data) throw new Error(`/${command} ${query}: not a message response`);
  return payload;
}

async function bundleComponents() {
  const result = await build({
    stdin: { contents: "import '@skyra/discord-components-core';", resolveDir: process.cwd() },
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** The SHA-256 of a payload as the pictures and the test compute it. */
function payloadHash(payload) {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

/** `png` with a tEXt chunk `keyword`=`text` after its header chunk. */
function withText(png, keyword, text) {
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const afterHeader = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/** The SHA-256 of the files a web picture is drawn from, as the pictures and the test compute it. */
function pageHash(bodies) {
  const hash = createHash('sha256');
  for (const body of bodies) hash.update(`${body.length}\0${body}`);
  return hash.digest('hex');
}

/** The web record, written by `npm run site` into a temporary folder, as it is built with no public address. */
function writeSite() {
  const dir = mkdtempSync(join(tmpdir(), 'receipts-site-'));
  const { PUBLIC_URL: _unused, ...env } = process.env;
  execFileSync('npm', ['run', '--silent', 'site', '--', '--out', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  return dir;
}

async function main(names) {
  const wanted = (name) => names.length === 0 || names.includes(name);
  const unknown = names.filter((name) => ![...SHOTS, WEB_SHOT].some((shot) => shot.name === name));
  if (unknown.length > 0)
    throw new Error(`unknown picture ${unknown.join(', ')}: claim, denial, report or web`);
  const components = await bundleComponents();
  const site = wanted(WEB_SHOT.name) ? writeSite() : null;
  const pages = new Map();
  /** The payload files written, to be formatted at the end. */
  const written = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    let body = path === '/components.js' ? components : pages.get(path);
    let type = path.endsWith('.js') ? 'text/javascript' : 'text/html';
    if (site && path.startsWith('/site/') && !path.includes('..')) {
      const file = join(site, path.slice('/site/'.length), path.endsWith('/') ? 'index.html' : '');
      try {
        body = readFileSync(file);
        type = TYPES[extname(file)] ?? 'application/octet-stream';
      } catch {
        body = undefined;
      }
    }
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const chromium = await launchChromium({
    origins: [origin],
    viewport: { width: WIDTH, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: 'dark',
  });
  try {
    const page = await chromium.context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    mkdirSync('docs', { recursive: true });
    for (const { name, command, query, file } of SHOTS) {
      if (!wanted(name)) continue;
      const path = `/${command.replace(' ', '-')}.html`;
      const { stored, payload } =
        query === null ? await reportPayload() : { stored: { query }, payload: ask(command, query) };
      writeFileSync(`${file}.json`, `${JSON.stringify({ command, ...stored, payload }, null, 2)}\n`);
      written.push(`${file}.json`);
      pages.set(path, pageHtml(payload, command));
      await page.goto(origin + path, { waitUntil: 'load' });
      // Wait until every component has rendered and the fonts are in.
      await page.waitForFunction(() => customElements.get('discord-message') !== undefined);
      await page.evaluate(async () => {
        const elements = [...document.querySelectorAll('*')].filter((el) => 'updateComplete' in el);
        await Promise.all(elements.map((el) => el.updateComplete));
        await document.fonts.ready;
      });
      const png = await page.locator('discord-messages').screenshot();
      writeFileSync(`${file}.png`, withText(png, PAYLOAD_KEY, payloadHash(payload)));
      console.log(`wrote ${file}.png and ${file}.json (/${command}${query === null ? '' : ` ${query}`})`);
    }
    if (site) {
      await page.setViewportSize(WEB_SHOT.viewport);
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(origin + WEB_SHOT.path, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const png = await page.screenshot();
      const drawnFrom = WEB_SHOT.drawnFrom.map((file) => readFileSync(join(site, file), 'utf8'));
      writeFileSync(WEB_SHOT.file, withText(png, PAGE_KEY, pageHash(drawnFrom)));
      console.log(`wrote ${WEB_SHOT.file} (${WEB_SHOT.path.slice('/site'.length)})`);
    }
  } finally {
    await chromium.close();
    server.close();
    if (site) rmSync(site, { recursive: true, force: true });
  }
  if (chromium.refused.length > 0) {
    throw new Error(`the page asked for outside addresses:\n${chromium.refused.join('\n')}`);
  }
  // The payloads are laid out as the rest of the repository is, so the lint passes on them.
  if (written.length > 0)
    execFileSync('npx', ['biome', 'format', '--write', ...written], { stdio: 'inherit' });
}

await main(process.argv.slice(2).filter((arg) => arg !== '--'));
