import type { BrowserContext, BrowserContextOptions, LaunchOptions } from 'playwright-core';

/** Flags for a headless Chromium in a sandbox with no network but the loopback. */
export declare const CHROMIUM_ARGS: readonly string[];

/** The version of Chromium the installed @sparticuz/chromium ships. */
export declare function chromiumVersion(): string;

/** The path of the unpacked Chromium binary, unpacking it on first use. */
export declare function chromiumExecutable(): Promise<string>;

/** Options of the browser and its context, and the origins its pages may load from. */
export type LaunchChromiumOptions = Omit<LaunchOptions & BrowserContextOptions, 'executablePath' | 'args'> & {
  /** Origins (`http://127.0.0.1:1234`) requests may go to; every other request is refused. */
  readonly origins?: readonly string[];
};

/** A running Chromium: its context, the requests it refused, and a close that removes the profile. */
export interface LaunchedChromium {
  readonly context: BrowserContext;
  readonly refused: readonly string[];
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile, refusing requests to any origin not listed. */
export declare function launchChromium(options?: LaunchChromiumOptions): Promise<LaunchedChromium>;
