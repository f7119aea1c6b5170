import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PAGE_PARTS, pageScript } from '../../../src/replay/report/pageScript.js';
import { repoRoot } from '../../helpers/runNodeProcess.js';

describe('the report page script', () => {
  it('holds every function and class exported from page/, since the page can use nothing else', async () => {
    const folder = `${repoRoot}dist/src/replay/report/page/`;
    const exported: unknown[] = [];
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.js'))) {
      const module = (await import(`${folder}${file}`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        assert.equal(typeof value, 'function', `${file} exports ${name}, which is not a function or class: the page would not have it`);
        exported.push(value);
      }
    }
    const missing = exported.filter((part) => !PAGE_PARTS.includes(part as (typeof PAGE_PARTS)[number]));
    assert.deepEqual(missing.map((part) => (part as { name: string }).name), []);
    assert.equal(PAGE_PARTS.length, exported.length);
  });

  it('is a script a browser can parse, that starts the page', () => {
    const script = pageScript();
    assert.doesNotThrow(() => new Function(script));
    assert.ok(script.trimEnd().endsWith('pageMain();'));
  });
});
