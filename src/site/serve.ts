/**
 * Serving the web record from memory, for the HTTP mode with `SITE=true`: GET and HEAD only,
 * a folder's address answered with its index.html (and `/statements/x` sent on to
 * `/statements/x/`), validators so browsers revalidate cheaply, and the site's 404 page for
 * anything else. Paths are looked up in the built site's map, never on the file system, so no
 * address can reach a file outside it.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnswerContext } from '../answers/answer.js';
import { buildSite, type SiteFile, type SiteFiles, type SiteOptions } from './build.js';
import { fileOf, sitePaths } from './paths.js';

/** Answers a GET or HEAD for the site; `closing` asks for the connection to be closed after. */
export type SiteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  closing: boolean,
) => Promise<void>;

/**
 * Headers on every file. The pages load only their own stylesheet, script and pack; JSON-LD
 * is data, which no script policy blocks.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

interface Served extends SiteFile {
  readonly bytes: Buffer;
  readonly etag: string;
}

function prepare(files: SiteFiles): ReadonlyMap<string, Served> {
  const served = new Map<string, Served>();
  for (const [path, file] of files) {
    const bytes = Buffer.from(file.body);
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
    served.set(path, { ...file, bytes, etag });
  }
  return served;
}

/** The site's file path for a request path; null for a path that cannot name one. */
function fileFor(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.split('/').includes('..')) return null;
  return fileOf(decoded.slice(1));
}

function finish(response: ServerResponse, body: Buffer | null): Promise<void> {
  return new Promise((resolve, reject) => {
    response.once('close', () =>
      response.writableFinished
        ? resolve()
        : reject(new Error('the connection closed before the response was sent')),
    );
    response.end(body ?? undefined);
  });
}

/**
 * A handler serving the site of whichever pack `current` returns. The site is built for a pack
 * the first time it is asked for (a reloaded pack gets its own) and kept while the pack is.
 */
export function createSiteHandler(
  current: () => AnswerContext,
  options: SiteOptions,
): SiteHandler & {
  /** Builds the current pack's site now, so the first visitor does not wait. */
  ready(): Promise<void>;
} {
  const built = new WeakMap<AnswerContext, Promise<ReadonlyMap<string, Served>>>();
  const siteOf = (context: AnswerContext) => {
    let site = built.get(context);
    if (!site) {
      site = buildSite(context, options).then(prepare);
      built.set(context, site);
      site.catch(() => built.delete(context));
    }
    return site;
  };
  const handler = async (request: IncomingMessage, response: ServerResponse, closing: boolean) => {
    const common = { ...SECURITY_HEADERS, ...(closing ? { connection: 'close' } : {}) };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...common, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      return finish(response, Buffer.from('method not allowed\n'));
    }
    const site = await siteOf(current());
    const url = new URL(request.url ?? '/', 'http://site.invalid');
    const path = fileFor(url.pathname);
    const file = path === null ? undefined : site.get(path);
    if (!file) {
      if (path !== null && !url.pathname.endsWith('/') && site.has(`${path}/index.html`)) {
        response.writeHead(301, { ...common, location: `${url.pathname}/${url.search}` });
        return finish(response, null);
      }
      const missing = site.get(sitePaths.notFound);
      response.writeHead(404, { ...common, 'content-type': missing?.type ?? 'text/plain; charset=utf-8' });
      return finish(
        response,
        request.method === 'HEAD' ? null : (missing?.bytes ?? Buffer.from('not found\n')),
      );
    }
    const headers = { ...common, etag: file.etag, 'cache-control': 'no-cache' };
    if (request.headers['if-none-match'] === file.etag) {
      response.writeHead(304, headers);
      return finish(response, null);
    }
    response.writeHead(200, {
      ...headers,
      'content-type': file.type,
      'content-length': String(file.bytes.length),
    });
    return finish(response, request.method === 'HEAD' ? null : file.bytes);
  };
  return Object.assign(handler, {
    ready: async () => {
      await siteOf(current());
    },
  });
}
