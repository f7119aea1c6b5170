import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../helpers/runNodeProcess.js';

/** Where the tests leave their screenshots (git-ignored). */
export const artifacts = join(repoRoot, 'test-artifacts', 'report');

/**
 * Debian's chromium, headless, with a fresh profile: the project's pretest step installs it.
 * Nothing it needs is fetched (no first-run, sync, component or background traffic).
 */
export class Browser {
  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'offsetlog-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1200, height: 1400 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(artifacts, { recursive: true });
    return new Browser(context, profile);
  }

  /** Opens a report file and waits until it has drawn itself; `problems` collects console errors and uncaught exceptions. */
  async open(file: string): Promise<{ page: Page; problems: string[] }> {
    const page = await this.context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`fetched ${request.url()}: a report must need nothing from outside`);
    });
    // A page that throws while it builds itself never becomes ready: say so at once.
    const threw = new Promise<never>((_, reject) => page.once('pageerror', (error) => reject(new Error(`${file} threw before it was ready: ${error.message}`))));
    threw.catch(() => {}); // a later error is in `problems`
    await page.goto(pathToFileURL(file).href);
    await Promise.race([page.waitForSelector('body[data-ready="true"]'), threw]);
    return { page, problems };
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
