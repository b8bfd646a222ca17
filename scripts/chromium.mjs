// A headless Chromium for the project's scripts, with no browser download and nothing installed by
// hand: the binary ships inside the @sparticuz/chromium package (unpacked to the temp folder on
// first use) and playwright-core drives it. Pages may load only from `origin`: every other request
// is refused and listed, so a picture never depends on the network.
import chromiumBinary from '@sparticuz/chromium';
import { chromium } from 'playwright-core';

/**
 * Opens a browser context sized `width` × `height`, in the dark colour scheme unless told
 * otherwise. Returns the context and the addresses it refused; close the context when done.
 */
export async function openBrowser({ origin, width = 800, height = 800, colorScheme = 'dark' }) {
  const browser = await chromium.launch({
    executablePath: await chromiumBinary.executablePath(),
    args: chromiumBinary.args,
    headless: true,
  });
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    colorScheme,
  });
  const refused = [];
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith(origin)) return route.continue();
    refused.push(route.request().url());
    return route.abort();
  });
  return {
    context,
    refused,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}
