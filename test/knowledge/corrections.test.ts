/**
 * The pack's corrections list: read with the rest of the pack, checked item by item, and a
 * fault in it named by file, item and field like any other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadPack } from '../../src/knowledge/load.js';
import { copyPack, type PackCopy, shippedPack } from '../support/pack.js';

const copies: PackCopy[] = [];
afterEach(() => {
  for (const copy of copies.splice(0)) copy.remove();
});

function fresh(corrections: string): PackCopy {
  const copy = copyPack();
  copies.push(copy);
  copy.write('corrections.yaml', corrections);
  return copy;
}

async function problems(copy: PackCopy): Promise<string[]> {
  const result = await loadPack(copy.dir);
  if (result.ok) throw new Error('expected the pack to be refused, but it loaded');
  return result.problems.map((problem) => formatProblem(problem));
}

describe('corrections.yaml', () => {
  it('GIVEN the shipped pack THEN it corrects, for answers posted before, each statement whose attribution or meaning changed in 1.1.0', async () => {
    const result = await loadPack(shippedPack);
    if (!result.ok) throw new Error(result.problems.map((p) => formatProblem(p)).join('\n'));
    expect(result.pack.corrections.map((correction) => correction.key)).toEqual(
      expect.arrayContaining(
        [
          'claim-hastings-meetings',
          'claim-inbox-api',
          'claim-musk-replies',
          'claim-snapchat-spying',
          'claim-watch-cut-spending',
          'claim-zuckerberg-simo-email',
          'context-level-of-access',
          'context-no-further-comment',
          'meta-2018-news-reports-implied',
          'meta-2018-no-third-parties',
          'meta-2018-read-write-delete',
          'meta-2018-rebuttal-post',
          'stone-agreement-purpose-tc',
          'stone-did-not-share-tc',
          'stone-disputed-access-tc',
          'stone-industry-wide-tc',
        ].map((id) => `${id}@2026-12-02`),
      ),
    );
  });

  it('GIVEN the shipped pack THEN it corrects the title 1.1.1 changed, apart from the 1.1.0 correction of the same day', async () => {
    const result = await loadPack(shippedPack);
    if (!result.ok) throw new Error(result.problems.map((p) => formatProblem(p)).join('\n'));
    expect(result.pack.meta.version).toBe('1.1.3');
    const inbox = result.pack.corrections.filter(({ statementId }) => statementId === 'claim-inbox-api');
    expect(inbox.map(({ key }) => key)).toEqual([
      'claim-inbox-api@2026-12-02',
      'claim-inbox-api@2026-12-02#2',
    ]);
    expect(inbox[1]?.change).toMatch(/\(DMs\)/);
    const title = result.pack.statements.find(({ id }) => id === 'claim-inbox-api')?.title;
    expect(title).toMatch(/message inboxes \(DMs\)$/);
  });

  it('GIVEN no corrections file THEN the pack loads with none', async () => {
    const copy = fresh('[]');
    copy.delete('corrections.yaml');
    const result = await loadPack(copy.dir);
    expect(result.ok && result.pack.corrections).toEqual([]);
  });

  it('GIVEN a correction and a withdrawal THEN both load, oldest first, keyed by statement and date', async () => {
    const copy = fresh(
      [
        '- statement: claim-inbox-api',
        '  date: 2024-05-02',
        '  change: The quote now follows the unsealed letter.',
        '- statement: claim-gone',
        '  date: 2024-05-01',
        '  change: Withdrawn; the report was retracted.',
        '  withdrawn: true',
      ].join('\n'),
    );
    const result = await loadPack(copy.dir);
    if (!result.ok) throw new Error(result.problems.map((p) => formatProblem(p)).join('\n'));
    expect(result.pack.corrections.map(({ key, withdrawn, change }) => ({ key, withdrawn, change }))).toEqual(
      [
        { key: 'claim-gone@2024-05-01', withdrawn: true, change: 'Withdrawn; the report was retracted.' },
        {
          key: 'claim-inbox-api@2024-05-02',
          withdrawn: false,
          change: 'The quote now follows the unsealed letter.',
        },
      ],
    );
  });

  it('GIVEN two corrections of one statement on one day THEN both load, the second keyed apart in file order', async () => {
    const copy = fresh(
      [
        '- statement: claim-inbox-api',
        '  date: 2024-05-02',
        '  change: The quote now follows the unsealed letter.',
        '- statement: claim-inbox-api',
        '  date: 2024-05-02',
        '  change: The title now names the plaintiffs.',
      ].join('\n'),
    );
    const result = await loadPack(copy.dir);
    if (!result.ok) throw new Error(result.problems.map((p) => formatProblem(p)).join('\n'));
    expect(result.pack.corrections.map(({ key, change }) => ({ key, change }))).toEqual([
      { key: 'claim-inbox-api@2024-05-02', change: 'The quote now follows the unsealed letter.' },
      { key: 'claim-inbox-api@2024-05-02#2', change: 'The title now names the plaintiffs.' },
    ]);
  });

  it('GIVEN faulty items THEN each is named by file, item and field, and the pack is refused', async () => {
    const copy = fresh(
      [
        '- statement: claim-nowhere',
        '  date: 2024-05-02',
        '  change: Fixed.',
        '- statement: claim-inbox-api',
        '  date: 2024-05',
        '  change: Fixed.',
        '- statement: claim-titan-api',
        '  date: 2024-02-30',
        '  change: Fixed.',
        '- statement: claim-special-relationship',
        '  date: 2024-05-02',
        '  change: Withdrawn.',
        '  withdrawn: true',
        '- statement: claim-ad-spend-2015',
        '  date: 2024-05-02',
        '- statement: claim-ad-spend-2015',
        '  date: 2024-05-03',
        '  change: Fixed.',
        '  by: an editor',
      ].join('\n'),
    );
    expect(await problems(copy)).toEqual([
      'corrections.yaml [claim-nowhere@2024-05-02] statement: names statement "claim-nowhere", which does not exist (a withdrawal says withdrawn: true)',
      'corrections.yaml [claim-inbox-api@2024-05] date: must be a full date, YYYY-MM-DD',
      'corrections.yaml [claim-titan-api@2024-02-30] date: "2024-02-30" is not a real date',
      'corrections.yaml [claim-special-relationship@2024-05-02] withdrawn: statement "claim-special-relationship" is still in the pack; remove it to withdraw it',
      'corrections.yaml [claim-ad-spend-2015@2024-05-02] change: is required',
      'corrections.yaml [claim-ad-spend-2015@2024-05-03]: Unrecognized key: "by"',
    ]);
  });

  it('GIVEN a change that puts words no source holds in quotation marks THEN it is refused, as every text of ours is', async () => {
    const copy = fresh(
      [
        '- statement: stone-did-not-share-tc',
        '  date: 2024-05-02',
        '  change: Stone did not write “Shocking lie”; he wrote “a total fabrication”.',
      ].join('\n'),
    );
    expect(await problems(copy)).toEqual([
      'corrections.yaml [stone-did-not-share-tc@2024-05-02] change: puts “a total fabrication” in quotation marks, ' +
        'but no source text, excerpt or published title in the pack holds those words: our own words are never shown as a quote',
    ]);
  });

  it('GIVEN a corrections file that is not a list THEN it says so', async () => {
    expect(await problems(fresh('statement: claim-inbox-api\n'))).toEqual([
      'corrections.yaml: must be a list of items',
    ]);
  });
});
