import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/testApp.js';
import type { DbKind } from '../support/testDb.js';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

/**
 * describe, or, where the browser is not installed, one failing test that says what to install:
 * Chromium cannot be downloaded here, only installed from Debian's packages (the README's
 * prerequisite; .ci/run installs it). One clear failure spares a wall of launch errors and never
 * passes a browser suite off as run.
 */
export const describeBrowser: jest.Describe = HAVE_CHROMIUM
  ? describe
  : (((name: string) =>
      describe(name, () => {
        test(`needs ${CHROMIUM}`, () => {
          throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (see the README).`);
        });
      })) as unknown as jest.Describe);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface LiveApp {
  t: TestApp;
  url: string;
  close(): Promise<void>;
}

/** The real app on 127.0.0.1 with an ephemeral port (the browser needs a real socket). */
export async function startLiveApp(kind: DbKind, env: Record<string, string> = {}): Promise<LiveApp> {
  const t = await startTestApp(kind, env);
  const server: Server = await new Promise((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    t,
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await t.close();
    },
  };
}

export async function logIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
