// A real Chromium for the browser tests and the README pictures, from `npm ci` alone: the
// @sparticuz/chromium package ships a compressed Chromium inside the package, so nothing is
// downloaded at install or at run time. playwright-core drives it.
//
// The package unpacks its binary into the temporary folder and reuses whatever `chromium` it
// finds there, whichever version and however half-written. Here it unpacks instead into a
// folder of its own under node_modules/.cache, one per package version, and the folder is
// renamed into place only once complete: test files that start at the same time, or another
// checkout on the same machine, never launch a binary still being written.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** Flags for a headless Chromium in a sandbox with no network but the loopback. */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** The folder of the installed @sparticuz/chromium: the one above its entry that names it. */
function findPackageDir() {
  const names = (dir) => {
    const file = join(dir, 'package.json');
    return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === '@sparticuz/chromium';
  };
  let dir = dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium')));
  while (!names(dir)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('chromium: cannot find the @sparticuz/chromium package');
    dir = parent;
  }
  return dir;
}

const packageDir = findPackageDir();
const cacheRoot = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'node_modules',
  '.cache',
  'receipts-chromium',
);

/** The version of Chromium the installed package ships (the package's version is Chromium's major). */
export function chromiumVersion() {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
}

/** The path of the unpacked Chromium binary, unpacking it on first use (a few seconds). */
export async function chromiumExecutable() {
  const folder = join(cacheRoot, chromiumVersion());
  const binary = join(folder, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(join(cacheRoot, '.unpacking-'));
  const { default: Chromium } = await import('@sparticuz/chromium');
  // The package unpacks into os.tmpdir(), which follows TMPDIR: point it at the staging folder
  // for the moment of unpacking.
  const before = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    if (tmpdir() !== staging) throw new Error('chromium: could not redirect the unpacking folder');
    await Chromium.executablePath(join(packageDir, 'bin'));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
  try {
    renameSync(staging, folder);
  } catch (error) {
    // Another process finished first: use its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw error;
  }
  return binary;
}

/**
 * Launches Chromium with a fresh profile that is removed on close, and refuses every request
 * that does not go to one of `origins` (the page may load nothing from outside this machine).
 * `refused` collects the addresses refused.
 */
export async function launchChromium(options = {}) {
  const { origins = [], ...contextOptions } = options;
  const profile = mkdtempSync(join(tmpdir(), 'receipts-chromium-profile-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: await chromiumExecutable(),
      args: [...CHROMIUM_ARGS],
      ...contextOptions,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const refused = [];
  const allowed = new Set(origins.map((origin) => new URL(origin).origin));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed.has(new URL(url).origin)) return route.continue();
    refused.push(url);
    return route.abort();
  });
  return {
    context,
    refused,
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
