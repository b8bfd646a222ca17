/**
 * The HTTP mode with SITE=true, started as users start it: the web record at `/` beside the
 * Interactions Endpoint, which keeps refusing what Discord did not sign. With PUBLIC_URL, an
 * answer's "Read in context" link opens the statement's page on that same server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { createSiteHandler } from '../../src/site/serve.js';
import { send } from '../support/http.js';
import { copyPack, packIdentity } from '../support/pack.js';
import { PATIENCE_MS } from '../support/patience.js';
import { parsePage, type SiteServer, shippedContext, startSiteServer, textOf } from '../support/site.js';

const PUBLIC_URL = 'https://receipts.example/';
/** The shipped pack's version, which the reload below replaces. */
const shipped = packIdentity();

let server: SiteServer;

beforeAll(async () => {
  server = await startSiteServer({ PUBLIC_URL });
});

afterAll(async () => {
  await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  send(`${server.origin}${path}`, { method: 'GET', headers });

describe('GIVEN node dist/src/main.js --http with SITE=true', () => {
  it('THEN / is the statements index, as HTML, with a policy that loads nothing from elsewhere', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(textOf(parsePage(reply.text).querySelector('h1'))).toBe('Meta, Netflix and the Inbox API');
  });

  it('THEN a statement page answers at its folder address, and the address without the slash is sent there', async () => {
    const page = await get('/statements/claim-inbox-api/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Netflix had access to Meta&#39;s “Inbox API”');
    const bare = await get('/statements/claim-inbox-api?from=x');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/statements/claim-inbox-api/?from=x');
  });

  it('THEN the script, the stylesheet and the pack are served with their types, and revalidate with 304', async () => {
    for (const [path, type] of [
      ['/assets/search.js', 'text/javascript; charset=utf-8'],
      ['/assets/site.css', 'text/css; charset=utf-8'],
      ['/assets/pack.json', 'application/json; charset=utf-8'],
    ] as const) {
      const first = await get(path);
      expect(first.status, path).toBe(200);
      expect(first.headers['content-type'], path).toBe(type);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(path, { 'if-none-match': etag });
      expect(again.status, path).toBe(304);
      expect(again.text).toBe('');
    }
    const head = await send(`${server.origin}/about/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
  });

  it('THEN an unknown address gets the 404 page, and no address reaches a file outside the site', async () => {
    for (const path of [
      '/statements/no-such-statement/',
      '/..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%E0%A4%A',
    ]) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.text, path).toContain('Not in the record');
      expect(reply.text, path).not.toContain('"name": "receipts"');
    }
    expect((await send(`${server.origin}/about/`, { method: 'DELETE' })).status).toBe(405);
  });

  it('THEN /healthz and /interactions are still the endpoint: the store’s state is there, an unsigned interaction is refused', async () => {
    // The store opens in the background: poll until it has.
    const health = await vi.waitFor(
      async () => {
        const polled = JSON.parse((await get('/healthz')).text);
        expect(polled.store.state).toBe('ok');
        return polled;
      },
      { timeout: PATIENCE_MS, interval: 50 },
    );
    expect(health).toEqual({
      status: 'ok',
      pack: `meta-netflix-inbox-api ${shipped.version}`,
      store: {
        state: 'ok',
        engine: 'sqlite',
        queued: 0,
        written: expect.any(Number),
        dropped: 0,
        rejected: 0,
      },
    });
    const body = JSON.stringify({ type: 1 });
    const unsigned = await send(`${server.origin}/interactions`, {
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
  });

  it('WHEN a member runs /claim inbox api THEN each quote links “Read in context” to its page, which this server serves', async () => {
    const context = await shippedContext();
    const body = JSON.stringify({
      id: '1300000000000000900',
      application_id: '1300000000000000001',
      type: 2,
      token: 'site-token',
      version: 1,
      channel_id: '1300000000000000902',
      channel: { id: '1300000000000000902', type: 1 },
      context: 1,
      user: {
        id: '1300000000000000903',
        username: 'reader',
        discriminator: '0',
        global_name: null,
        avatar: null,
      },
      authorizing_integration_owners: { '1': '1300000000000000903' },
      app_permissions: '0',
      locale: 'en-US',
      entitlements: [],
      attachment_size_limit: 0,
      data: {
        id: '1300000000000000904',
        name: 'claim',
        type: 1,
        options: [{ name: 'query', type: 3, value: 'inbox api' }],
      },
    });
    const reply = await send(`${server.origin}/interactions`, {
      headers: server.key.signatureHeaders(body),
      body,
    });
    expect(reply.status).toBe(200);
    const embeds = (JSON.parse(reply.text) as { data: { embeds: { description: string }[] } }).data.embeds;
    expect(embeds.length).toBeGreaterThan(0);
    for (const embed of embeds) {
      const link = /\[Read in context\]\(<([^>]+)>\)/.exec(embed.description)?.[1] as string;
      expect(link, embed.description).toMatch(/^https:\/\/receipts\.example\/statements\/[a-z0-9-]+\/$/);
      const id = link.split('/').at(-2) as string;
      const page = await get(new URL(link).pathname);
      expect(page.status, link).toBe(200);
      expect(textOf(parsePage(page.text).querySelector('figure blockquote'))).toBe(
        context.pack.byId.statements.get(id)?.quote.replace(/\s+/g, ' '),
      );
      expect(page.text).toContain(`<link rel="canonical" href="${link}">`);
    }
  });
});

describe('GIVEN a pack reloaded while the site is served', () => {
  it('THEN the next request gets the site of the new pack, and the old one is not served again', async () => {
    const copy = copyPack();
    try {
      copy.edit('pack.yaml', `version: ${shipped.version}`, 'version: 1.0.1');
      const [before, after] = await Promise.all([shippedContext(), openContext(copy.dir)]);
      if (!after.ok) throw new Error(after.problems.join('\n'));
      let current: AnswerContext = before;
      const handler = createSiteHandler(() => current, { publicUrl: null });
      await handler.ready();
      const local = createServer((request, response) => void handler(request, response, false));
      await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
      try {
        const version = async () =>
          textOf(
            parsePage((await send(`${origin}/about/`, { method: 'GET' })).text).querySelector(
              'dl.facts dd:nth-of-type(2)',
            ),
          );
        expect(await version()).toBe(shipped.version);
        current = after.context;
        expect(await version()).toBe('1.0.1');
      } finally {
        local.close();
      }
    } finally {
      copy.remove();
    }
  });
});
