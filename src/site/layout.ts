/** The frame around every page: head, tags for link previews, site navigation, footer. */
import { formatDate } from '../knowledge/dates.js';
import type { PackMeta } from '../knowledge/types.js';
import { type Html, html, scriptJson } from './html.js';
import type { Linker } from './parts.js';
import { publicLink, relativeLink, sitePaths } from './paths.js';

/** One page of the site. */
export interface Page {
  /** Its site path (`statements/claim-inbox-api/`). */
  readonly path: string;
  /** The page's own title; the site's name is added. */
  readonly title: string;
  /** One line for search engines and link previews. */
  readonly description: string;
  /** Open Graph title and description when they differ from the above (a statement's quote and speaker). */
  readonly preview?: { readonly title: string; readonly description: string };
  /** schema.org JSON-LD. */
  readonly jsonLd?: unknown;
  /** The `<main>` content. */
  readonly main: (link: Linker) => Html;
  /** Scripts to load, as site paths. */
  readonly scripts?: readonly string[];
  /**
   * Link from the site's root rather than from the page's own folder: for the 404 page, which
   * a server sends at whatever address was asked for.
   */
  readonly fromRoot?: boolean;
}

/** What every page is framed with. */
export interface Frame {
  readonly meta: PackMeta;
  /** The public address of the site's root, for canonical links and previews; null when unknown. */
  readonly publicUrl: string | null;
}

const NAV = [
  { path: sitePaths.home, label: 'Statements' },
  { path: sitePaths.timeline, label: 'Timeline' },
  { path: sitePaths.sources, label: 'Sources' },
  { path: sitePaths.search, label: 'Search' },
  { path: sitePaths.about, label: 'About' },
] as const;

/** The whole document of a page. */
export function renderPage(page: Page, frame: Frame): string {
  const { meta, publicUrl } = frame;
  const link: Linker = page.fromRoot
    ? (to) => (publicUrl ? publicLink(publicUrl, to) : `/${to}`)
    : (to) => relativeLink(page.path, to);
  const preview = page.preview ?? { title: page.title, description: page.description };
  const absolute = publicUrl ? publicLink(publicUrl, page.path) : null;
  const asOf = formatDate({ iso: meta.asOf, precision: 'day', qualifier: null, confirmed: true });
  const nav = NAV.map(
    ({ path, label }) =>
      html`<li><a href="${link(path)}"${path === page.path ? html` aria-current="page"` : null}>${label}</a></li>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Receipts</title>
<meta name="description" content="${page.description}">
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="${link(sitePaths.style)}">
${absolute ? html`<link rel="canonical" href="${absolute}">\n<meta property="og:url" content="${absolute}">` : null}
<meta property="og:site_name" content="Receipts">
<meta property="og:type" content="${page.jsonLd ? 'article' : 'website'}">
<meta property="og:title" content="${preview.title}">
<meta property="og:description" content="${preview.description}">
<meta name="twitter:card" content="summary">
${page.jsonLd ? html`<script type="application/ld+json">${scriptJson(page.jsonLd)}</script>` : null}
${(page.scripts ?? []).map((script) => html`<script src="${link(script)}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="site">
<p class="brand"><a href="${link(sitePaths.home)}">Receipts</a> <span>· ${meta.title}</span></p>
<nav aria-label="Site"><ul>${nav}</ul></nav>
</header>
<main id="main">
${page.main(link)}
</main>
<footer class="site">
<p>Pack ${meta.id} ${meta.version}, as of ${asOf}. Every quote is the exact text of its source; titles, timeline summaries, what the record says beneath a quote and editor's notes are ours, and never in quotation marks.</p>
</footer>
</body>
</html>
`.value;
}
