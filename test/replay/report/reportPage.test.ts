import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { repoRoot, runNodeProcess } from '../../helpers/runNodeProcess.js';
import { artifacts, Browser } from './browser.js';
import { commit, fetchOffset, INIT, recordedItems, request, transcriptText } from './recordedRun.js';

const scratch = mkdtempSync(join(tmpdir(), 'offsetlog-report-page-'));
// Fixtures by their path from the repository, as a user would name them: the commands in tooltips show it.
const sessions = 'fixtures/sessions/';
let browser: Browser;
before(async () => {
  browser = await Browser.launch();
});
after(async () => {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Writes the report of these inputs with the real CLI, run from the repository, and opens it. */
async function openReport(name: string, inputs: readonly string[]): Promise<{ page: Page; problems: string[] }> {
  const file = join(scratch, `${name}.html`);
  const run = spawnSync(`${repoRoot}bin/offsetlog`, ['report', ...inputs, '-o', file], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return browser.open(file);
}

/** A group's section, scrolled into view and drawn. */
async function drawnGroup(page: Page, group: string): Promise<Locator> {
  const section = page.locator(`section.group[data-group="${group}"]`);
  await section.scrollIntoViewIfNeeded();
  await section.locator('svg.chart g.series').first().waitFor({ state: 'attached' });
  return section;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

describe('the report page in a real browser', () => {
  it('backwards-commit-wins: one series of four commits, the two rewinds marked in their own colour', async () => {
    const { page, problems } = await openReport('backwards-commit-wins', [`${sessions}backwards-commit-wins.in.jsonl`]);
    const group = await drawnGroup(page, 'g');
    assert.equal(await page.locator('section.group').count(), 1);
    assert.equal(await group.locator('g.series').count(), 1);
    assert.equal(await group.locator('.mark').count(), 4);
    const rewinds = group.locator('.mark[data-kind="rewind"]');
    assert.deepEqual(await rewinds.evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-step'))), ['3', '5']);
    const fill = (locator: Locator) => locator.evaluate((mark) => getComputedStyle(mark).fill);
    assert.equal(await fill(rewinds.first()), 'rgb(247, 103, 7)');
    assert.notEqual(await fill(group.locator('.mark[data-kind="commit"]').first()), await fill(rewinds.first()));
    assert.equal(await group.locator('path.fetches').getAttribute('data-count'), '3');
    assert.match((await page.locator('.rewind-ranking li').first().textContent()) ?? '', /^g 2 rewinds of 4 commits$/);
    await group.locator('.mark[data-step="3"]').hover({ force: true });
    const tooltip = page.locator('.tooltip');
    assert.match((await tooltip.textContent()) ?? '', /rewind: a commit that moved the offset back.*offset40 \(was 100\)/);
    await screenshot(page, 'backwards-commit-wins');
    assert.deepEqual(problems, []);
  });

  it('metadata-travels-with-its-commit: hovering a commit shows its offset, metadata and the command that replays to it', async () => {
    const { page, problems } = await openReport('metadata-travels-with-its-commit', [`${sessions}metadata-travels-with-its-commit.in.jsonl`]);
    const group = await drawnGroup(page, 'g');
    const tooltip = page.locator('.tooltip');
    await group.locator('.mark[data-step="2"]').hover({ force: true });
    await tooltip.waitFor({ state: 'visible' });
    const shown = (await tooltip.textContent()) ?? '';
    assert.match(shown, /offset5 \(was none\)/);
    assert.match(shown, /metadata"consumer-1 at host-a"/);
    assert.match(shown, /client"c1", msg_id 2/);
    assert.ok(shown.includes(`offsetlog replay ${sessions}metadata-travels-with-its-commit.in.jsonl --until 2`), shown);
    await screenshot(page, 'commit-metadata-hover');
    await group.locator('.mark[data-step="7"]').hover({ force: true });
    const refused = (await tooltip.textContent()) ?? '';
    assert.match(refused, /commit refused: the offset did not move.*asked for 8, stayed at 7.*code 12 \(malformed-request\): commit_offset: metadata must be at most 4096 bytes, got 4097/);
    assert.equal(await group.locator('.mark[data-kind="error"]').count(), 2);
    assert.equal(await page.locator('.errors-table tr[data-code="12"] .count').textContent(), '2');
    assert.deepEqual(problems, []);
  });

  it('interleaved-clients: a series per topic-partition committed or fetched, and a point per commit, in every group', async () => {
    const { page, problems } = await openReport('interleaved-clients', [`${sessions}interleaved-clients.in.jsonl`]);
    // What to expect, read from the fixture's own lines (every commit in it is acknowledged).
    const expected = new Map<string, { keys: Set<string>; commits: number }>();
    for (const line of readFileSync(`${repoRoot}${sessions}interleaved-clients.in.jsonl`, 'utf8').split('\n')) {
      if (line === '') continue;
      const { body } = JSON.parse(line) as { body: { type: string; group: string; topic: string; partition: number } };
      if (body.type !== 'commit_offset' && body.type !== 'fetch_offset') continue;
      const entry = expected.get(body.group) ?? { keys: new Set(), commits: 0 };
      entry.keys.add(`${body.topic}/${body.partition}`);
      if (body.type === 'commit_offset') entry.commits++;
      expected.set(body.group, entry);
    }
    assert.equal(await page.locator('section.group').count(), expected.size);
    for (const [name, { keys, commits }] of expected) {
      const group = await drawnGroup(page, name);
      assert.equal(await group.locator('g.series').count(), keys.size, name);
      assert.equal(await group.locator('.mark').count(), commits, name);
    }
    // The README's picture: the top of the page, with a rewind's tooltip.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('section.group[data-group="group-0"] .mark[data-step="13"]').hover({ force: true });
    assert.match((await page.locator('.tooltip').textContent()) ?? '', /rewind.*offset351 \(was 519\).*offsetlog replay fixtures\/sessions\/interleaved-clients\.in\.jsonl --until 13/);
    await page.screenshot({ path: join(artifacts, 'interleaved-clients.png') });
    assert.deepEqual(problems, []);
  });

  it('filters groups and topics by regex, says so when a regex does not compile, and zooms by dragging', async () => {
    const { page, problems } = await openReport('interleaved-clients-filter', [`${sessions}interleaved-clients.in.jsonl`]);
    const groupFilter = page.locator('#group-filter');
    await groupFilter.fill('^group-[12]$');
    await page.waitForFunction(() => document.querySelectorAll('section.group').length === 2);
    await page.locator('#topic-filter').fill('^orders$');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('g.series')).every((series) => series.getAttribute('data-topic') === 'orders') && document.querySelectorAll('g.series').length > 0);
    await groupFilter.fill('group-(');
    await page.locator('#group-filter.invalid').waitFor();
    assert.match((await page.locator('.filter-problem').textContent()) ?? '', /^group \(regex\): not a regular expression/);
    await groupFilter.fill('');
    await page.locator('#topic-filter').fill('');
    await page.waitForFunction(() => document.querySelectorAll('section.group').length === 4);
    const group = await drawnGroup(page, 'group-0');
    const before = await group.locator('.mark').count();
    const box = await group.locator('svg.chart').boundingBox();
    assert.ok(box !== null);
    await page.mouse.move(box.x + 80, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + 300, box.y + 100, { steps: 5 });
    await page.mouse.up();
    await page.locator('.reset-zoom:not([hidden])').waitFor();
    const zoomed = await group.locator('.mark').count();
    assert.ok(zoomed < before, `${zoomed} marks drawn after zooming in, ${before} before`);
    await page.locator('.reset-zoom').click();
    await page.waitForFunction((count) => document.querySelectorAll('section.group[data-group="group-0"] .mark').length === count, before);
    assert.deepEqual(problems, []);
  });

  it('every fixture, and a recording with nothing in it, makes a page that loads without an error', async () => {
    const empty = join(scratch, 'empty.jsonl');
    writeFileSync(empty, `${JSON.stringify({ t: 5, dir: 'config', config: { durable: false } })}\n`);
    const inputs = [...readdirSync(`${repoRoot}${sessions}`).filter((name) => name.endsWith('.in.jsonl')).map((name) => `${sessions}${name}`), empty];
    for (const input of inputs) {
      const { page, problems } = await openReport(basename(input, '.jsonl'), [input]);
      const groups = await page.locator('section.group').count();
      if (groups > 0) {
        await page.locator('section.group').first().scrollIntoViewIfNeeded();
        await page.locator('section.group svg.chart g.series').first().waitFor({ state: 'attached' });
      }
      assert.deepEqual(problems, [], input);
      await page.close();
    }
  });

  it('draws a recorded run on a time axis, and a data directory without clients', async () => {
    const transcript = join(scratch, 'run.jsonl');
    const items = await recordedItems([
      { inputs: [[1_700_000_000_000, INIT], [1_700_000_000_000, commit('c1', 2, 'g', 0, 10, 'from host-a')], [1_700_000_000_250, fetchOffset('c2', 1, 'g', 0)], [1_700_000_000_500, commit('c1', 3, 'g', 0, 4)], [1_700_000_001_000, request('c1', { type: 'delete_groups', msg_id: 4, groups: ['g'] })]] },
      { inputs: [[1_700_000_002_000, INIT], [1_700_000_002_000, commit('c1', 5, 'g', 0, 2)]] },
    ]);
    writeFileSync(transcript, transcriptText(items));
    const dataDir = join(scratch, 'data');
    const run = await runNodeProcess(`${items.flatMap((item) => (item.dir === 'in' ? [item.line] : [])).join('\n')}\n`, { OFFSETLOG_DATA_DIR: dataDir });
    assert.equal(run.exitCode, 0, run.stderr);
    for (const [name, input] of [['recorded-run', transcript], ['data-directory', dataDir]] as const) {
      const { page, problems } = await openReport(name, [input]);
      const group = await drawnGroup(page, 'g');
      assert.deepEqual(await group.locator('.mark').evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-kind'))), name === 'recorded-run' ? ['commit', 'rewind', 'delete', 'commit'] : ['commit', 'rewind', 'tombstone', 'commit']);
      assert.equal(await group.locator('line.restart').count(), name === 'recorded-run' ? 1 : 0, 'a restart is a dashed line');
      await group.locator('.mark[data-kind="commit"]').first().hover({ force: true });
      const shown = (await page.locator('.tooltip').textContent()) ?? '';
      assert.match(shown, /metadata"from host-a"/);
      if (name === 'recorded-run') {
        assert.ok(shown.includes(`offsetlog replay ${transcript} --until 2`), shown);
        assert.match(shown, /time2023-11-14T22:13:20\.000Z \(\+0\.000 s\)/);
        assert.match((await group.locator('.axes text').first().textContent()) ?? '', /^0\.0+ s$/, 'the axis counts seconds from the start of the run');
      } else {
        assert.match(shown, /recordoffset 0 of __consumer_offsets-\d+ in /);
        assert.doesNotMatch(shown, /replay to here/);
      }
      await screenshot(page, name);
      assert.deepEqual(problems, []);
    }
  });
});
