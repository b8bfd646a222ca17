/**
 * The V8 settings a gateway process gives itself (`src/heap.ts`) are set from inside a running
 * process, which V8 honours only for flags it reads when it uses them: each flag must exist in
 * this Node, and the young generation must stop growing once they are set. Each case runs in a
 * fresh Node, as the gateway does.
 */
import { describe, expect, it } from 'vitest';
import { gatewayV8Flags } from '../src/heap.js';
import { run } from './support/run.js';

/** Makes 40 MB of objects that live, then prints the young generation's size (MB) before and after. */
function growth(tuned: boolean): string {
  return `
const v8 = await import('node:v8');
${tuned ? "(await import('./src/heap.ts')).tuneGatewayHeap();" : ''}
const young = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 2 ** 20;
const before = young();
const kept = [];
for (let i = 0; i < 400; i++) kept.push(Array.from({ length: 2000 }, (_, j) => ({ i, j, text: 'x' + j })));
console.log(JSON.stringify({ before, after: young(), kept: kept.length }));
`;
}

async function youngGeneration(tuned: boolean): Promise<{ before: number; after: number }> {
  const ran = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', growth(tuned)]);
  expect(ran.stderr).toBe('');
  return JSON.parse(ran.stdout) as { before: number; after: number };
}

describe('GIVEN the V8 flags a gateway process sets', () => {
  it("THEN this Node's V8 knows each of them", async () => {
    const ran = await run(process.execPath, ['--v8-options']);
    expect(ran.code).toBe(0);
    for (const flag of gatewayV8Flags) {
      const name = flag.replace(/^--(no-)?/, '').replace(/=.*$/, '');
      expect(ran.stdout, flag).toContain(`--${name} (`);
    }
  });

  it('WHEN a process sets them and then makes many objects that live THEN its young generation does not grow (without them it does)', async () => {
    const [tuned, untuned] = await Promise.all([youngGeneration(true), youngGeneration(false)]);
    expect(untuned.after).toBeGreaterThanOrEqual(4 * untuned.before);
    expect(tuned.after).toBeLessThanOrEqual(2 * tuned.before);
  });
});
