/**
 * The addresses of the web record. A statement's page stands at an address made from its id
 * alone, so a link shared today still opens the same statement after the pack grows. Every
 * page is a folder's index.html, which every static host serves at the folder's address.
 */

/** Paths of the site's pages and files, relative to its root, without a leading slash. */
export const sitePaths = {
  home: '',
  statement: (id: string) => `statements/${encodeURIComponent(id)}/`,
  source: (id: string) => `sources/${encodeURIComponent(id)}/`,
  sources: 'sources/',
  timeline: 'timeline/',
  event: (id: string) => `timeline/#${encodeURIComponent(id)}`,
  about: 'about/',
  search: 'search/',
  style: 'assets/site.css',
  script: 'assets/search.js',
  pack: 'assets/pack.json',
  notFound: '404.html',
} as const;

/** The file a path is written to: a folder's address is its index.html. */
export function fileOf(path: string): string {
  const [bare = ''] = path.split('#');
  return bare === '' || bare.endsWith('/') ? `${bare}index.html` : bare;
}

/** The absolute address of a path under a public base URL (`https://example.org/receipts`). */
export function publicLink(base: string, path: string): string {
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString();
}

/** A relative link from the page at `from` to `to`, both site paths, so the site works under any base. */
export function relativeLink(from: string, to: string): string {
  const depth = fileOf(from).split('/').length - 1;
  return `${'../'.repeat(depth)}${to}` || './';
}
