/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser).
 *
 *   const browser = await launchBrowser();
 *   const page = await browser.newPage();
 *   …
 *   await browser.close();
 *
 * Or, in an end-to-end test file, the whole set-up at once: `const e2e = useBrowserAndServer();` (below).
 *
 * chromium.launch() gives every launch a fresh temporary user-data-dir of its own (and removes it
 * on close); it refuses a --user-data-dir argument, which belongs to launchPersistentContext.
 */
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/db/seed/demo.ts';
import { startTestServer, type TestServer } from './server.ts';

export const CHROMIUM_PATH = process.env.GONGKAI_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `找不到 Chromium（${CHROMIUM_PATH}）：请安装 Debian 的 chromium 软件包（apt-get install chromium），CI 脚本 .ci/run 会自动安装`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Where the end-to-end tests put their screenshots (look at them). */
export const TEST_OUTPUT = fileURLToPath(new URL('../../test-output', import.meta.url));

/** axe-core's script (the accessibility checks inject it with page.addScriptTag({ content })). */
export const AXE_SOURCE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;
export function axeScript(): string {
  return (axeSource ??= readFileSync(AXE_SOURCE_PATH, 'utf8'));
}

export interface BrowserAndServer {
  /** The real app with the demo data (startTestServer), started before the file's tests. */
  readonly server: TestServer;
  /** Chromium, launched before the file's tests. */
  readonly browser: Browser;
  /** A page of a new browser context (zh-CN, 1280×900 unless `context` says otherwise), signed in as a demo account. */
  signIn(email: string, context?: BrowserContextOptions): Promise<Page>;
}

/**
 * Performs the case step `step` on a console case page: fills its form (`data-step`), submits, and
 * fails with the page's error summary if the step was refused.
 */
export async function doStep(page: Page, step: string, fill: (form: Locator) => Promise<void> = async () => {}): Promise<void> {
  const form = page.locator(`form[data-step="${step}"]`);
  await expect(form.count()).resolves.toBe(1);
  await fill(form);
  await form.locator('button[type="submit"]').click();
  await page.waitForLoadState('load');
  const err = await page.locator('.error-summary').count();
  if (err) throw new Error(`${step}: ${await page.locator('.error-summary').textContent()}`);
}

/**
 * The set-up every end-to-end test file shares: before its tests, the screenshot folder, a test
 * server and Chromium; after them, both closed. Call it at the top level of the test file:
 *
 *   const e2e = useBrowserAndServer();
 *   it('…', async () => { const page = await e2e.browser.newPage(); await page.goto(`${e2e.server.url}/`); … });
 */
export function useBrowserAndServer(options: Parameters<typeof startTestServer>[0] = {}): BrowserAndServer {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(TEST_OUTPUT, { recursive: true });
    server = await startTestServer(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what}还没有启动：useBrowserAndServer() 的 beforeAll 尚未运行或启动失败`);
    return value;
  };
  return {
    get server() {
      return started(server, '测试服务器');
    },
    get browser() {
      return started(browser, '浏览器');
    },
    async signIn(email, context = {}) {
      const ctx = await started(browser, '浏览器').newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, ...context });
      const page = await ctx.newPage();
      await page.goto(`${started(server, '测试服务器').url}/login`);
      await page.fill('#f-login', email);
      await page.fill('#f-password', DEMO_PASSWORD);
      await page.click('button:has-text("登录")');
      await page.waitForLoadState('load');
      return page;
    },
  };
}
