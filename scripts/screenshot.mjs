// Renders pictures of real answers and pages, for the README: docs/answer-claim.png and
// docs/answer-denial.png (Discord), docs/web-statement.png (the web record).
// For Discord, it runs `npm run ask -- ... --format discord` to get the exact interaction callback
// body the bot sends, keeps it beside the picture (docs/answer-*.json) and turns it into a page of
// fake Discord messages (@skyra/discord-components-core). The picture carries the SHA-256 of the
// payload it was drawn from in a PNG text chunk, so test/docs/pictures.test.ts can tell, with no
// browser, when the bot's answer or the picture no longer matches the stored payload.
// For the web, it runs `npm run site` (without PUBLIC_URL) and opens a statement's page; that
// picture carries the SHA-256 of the page and the stylesheet it was drawn from, which the same
// test compares with the page the site builds now.
// Each page is served on 127.0.0.1 and photographed with the Chromium that `npm ci` brings
// (@sparticuz/chromium, see scripts/chromium.mjs) driven by playwright-core.
// Run by hand with `npm run screenshot [-- NAME…]` (names: claim, denial, web; all by default); it is
// not part of CI or `npm test`. The page loads nothing from outside this machine: every request that
// is not to the local server is refused.
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
// honouring escapes. Bold and italic are plain <strong> and <em>: <discord-bold> and
// <discord-italic> pad their text with spaces, which would show inside quotation marks.
const INLINE =
  /\\([^0-9A-Za-z\s])|\*\*((?:\\.|[^\\])+?)\*\*|\*((?:\\.|[^\\*])+)\*|\[((?:\\.|[^\\\]])+)\]\(<?([^\s<>()]+)>?\)|\|\|((?:\\.|[^\\|])+)\|\|/gs;

function inline(markdown) {
  let html = '';
  let at = 0;
  for (const m of markdown.matchAll(INLINE)) {
    html += escapeHtml(markdown.slice(at, m.index));
    const [, escaped, bold, italic, label, url, spoiler] = m;
    if (escaped !== undefined) html += escapeHtml(escaped);
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
  return `<discord-embed slot="embeds"${attrs}>${description}${footer}</discord-embed>`;
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
    .map((row) => `<discord-action-row>${row.components.map(buttonHtml).join('')}</discord-action-row>`)
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

// --- Running it --------------------------------------------------------------------------------

function ask(command, query) {
  const out = execFileSync('npm', ['run', '--silent', 'ask', '--', command, query, '--format', 'discord'], {
    encoding: 'utf8',
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
  if (unknown.length > 0) throw new Error(`unknown picture ${unknown.join(', ')}: claim, denial or web`);
  const components = await bundleComponents();
  const site = wanted(WEB_SHOT.name) ? writeSite() : null;
  const pages = new Map();
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
      const path = `/${command}.html`;
      const payload = ask(command, query);
      writeFileSync(`${file}.json`, `${JSON.stringify({ command, query, payload }, null, 2)}\n`);
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
      console.log(`wrote ${file}.png and ${file}.json (/${command} ${query})`);
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
}

await main(process.argv.slice(2).filter((arg) => arg !== '--'));
