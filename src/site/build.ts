/**
 * The web record of a pack, as files: every page, the stylesheet, the search script and the
 * pack it searches. `npm run site` writes them to a folder; the HTTP mode serves them from
 * memory with `SITE=true`.
 */
import { access, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AnswerContext } from '../answers/answer.js';
import { toSnapshot } from '../knowledge/snapshot.js';
import { bundleScript, bundleStyle } from './bundle.js';
import { type Frame, renderPage } from './layout.js';
import { sitePages } from './pages.js';
import { fileOf, sitePaths } from './paths.js';

/** A file of the site. */
export interface SiteFile {
  readonly body: string;
  /** Its media type, with the character set. */
  readonly type: string;
}

/** The site: file paths (`statements/claim-inbox-api/index.html`) to files. */
export type SiteFiles = ReadonlyMap<string, SiteFile>;

/** How the site is built. */
export interface SiteOptions {
  /**
   * The public address the site is served at (PUBLIC_URL), for canonical links, link previews
   * and structured data; without it, those are left out or relative.
   */
  readonly publicUrl: string | null;
}

const HTML = 'text/html; charset=utf-8';

let assets: Promise<{ script: string; style: string }> | null = null;

/**
 * The pack-independent assets, made once per process. esbuild works in its own process, so
 * calling this before loading the pack overlaps the two.
 */
export function sharedAssets(): Promise<{ script: string; style: string }> {
  assets ??= Promise.all([bundleScript(), bundleStyle()]).then(([script, style]) => ({ script, style }));
  assets.catch(() => {
    assets = null;
  });
  return assets;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Builds every file of the site for a pack. */
export async function buildSite(context: AnswerContext, options: SiteOptions): Promise<SiteFiles> {
  const frame: Frame = { meta: context.pack.meta, publicUrl: options.publicUrl };
  const { script, style } = await sharedAssets();
  const files = new Map<string, SiteFile>();
  for (const page of sitePages(context, frame)) {
    files.set(fileOf(page.path), { body: renderPage(page, frame), type: HTML });
  }
  files.set(sitePaths.style, { body: style, type: 'text/css; charset=utf-8' });
  files.set(sitePaths.script, { body: script, type: 'text/javascript; charset=utf-8' });
  files.set(sitePaths.pack, {
    body: JSON.stringify(toSnapshot(context.pack)),
    type: 'application/json; charset=utf-8',
  });
  return files;
}

/**
 * Writes the site into `dir`, replacing what was there. A folder that holds something other
 * than a site written here is left alone, with an error naming it.
 */
export async function writeSite(files: SiteFiles, dir: string): Promise<void> {
  const present = await readdir(dir).catch(() => []);
  if (present.length > 0 && !(await exists(join(dir, sitePaths.pack)))) {
    throw new Error(`site: ${dir} is not empty and holds no site written by npm run site; not replacing it`);
  }
  await rm(dir, { recursive: true, force: true });
  const folders = new Set([...files.keys()].map((path) => dirname(join(dir, path))));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  await Promise.all([...files].map(([path, file]) => writeFile(join(dir, path), file.body)));
}
