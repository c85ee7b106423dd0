/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser).
 *
 *   const browser = await launchBrowser();
 *   const page = await browser.newPage();
 *   …
 *   await browser.close();
 *
 * chromium.launch() gives every launch a fresh temporary user-data-dir of its own (and removes it
 * on close); it refuses a --user-data-dir argument, which belongs to launchPersistentContext.
 */
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';

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
