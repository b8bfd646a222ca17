/**
 * The search page's script: the bot's own search and answers, bundled for the browser. It
 * loads the checked pack (assets/pack.json, written beside it), indexes it as the bot does,
 * and answers the query in the address (`?q=…&page=…`) and every search typed into the form.
 */
import type { AnswerContext } from '../answers/answer.js';
import { fromSnapshot, type PackSnapshot } from '../knowledge/snapshot.js';
import { Search } from '../search/engine.js';
import { relativeLink, sitePaths } from './paths.js';
import { answerQuery, resultsHtml } from './results.js';

const link = (to: string) => relativeLink(sitePaths.search, to);

function readAddress(): { query: string; page: number } {
  const params = new URLSearchParams(window.location.search);
  const page = Number(params.get('page') ?? '1');
  return { query: params.get('q') ?? '', page: Number.isInteger(page) && page > 1 ? page - 1 : 0 };
}

async function start(script: HTMLScriptElement | null): Promise<void> {
  const form = document.querySelector<HTMLFormElement>('form.search');
  const input = document.querySelector<HTMLInputElement>('#q');
  const results = document.querySelector<HTMLElement>('#results');
  if (!form || !input || !results || !script) return;
  // The page says search needs JavaScript until the script replaces what the results show.
  const show = (markup: string) => {
    results.innerHTML = markup;
  };
  show('');
  let context: AnswerContext;
  try {
    const response = await fetch(new URL('pack.json', script.src));
    if (!response.ok) throw new Error(`pack.json: HTTP ${response.status}`);
    const pack = fromSnapshot((await response.json()) as PackSnapshot);
    context = { pack, search: new Search(pack) };
  } catch (error) {
    show(
      `<p>The search could not load the record (${String(error).replace(/[<&]/g, '')}). Every statement is listed on <a href="${link(sitePaths.home)}">the statements page</a>.</p>`,
    );
    return;
  }
  const answer = () => {
    const { query, page } = readAddress();
    input.value = query;
    show(query.trim() === '' ? '' : resultsHtml(answerQuery(context, query, page), link).value);
    document.body.dataset.ready = 'true';
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams({ q: input.value });
    window.history.pushState(null, '', `?${params}`);
    answer();
  });
  window.addEventListener('popstate', answer);
  answer();
}

void start(document.currentScript as HTMLScriptElement | null);
