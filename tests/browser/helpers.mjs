// Shared by the browser tests: serve dist/, launch Debian's Chromium through
// playwright-core with the flags docs/toolchain.md lists, collect console errors.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const RESULTS = new URL('../../test-results/', import.meta.url).pathname;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium (or $CHROMIUM), headless, with those flags. */
export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
}

export async function start() {
  await mkdir(RESULTS, { recursive: true });
  const server = await serve(new URL('../../dist/', import.meta.url).pathname, 0);
  const browser = await launch();
  return { server, browser };
}

/**
 * A page in a context of its own (not loaded yet) that collects console errors, page errors
 * and requests that leave 127.0.0.1.
 *   open: a set the context joins, so that an afterEach closes what a failed test left open
 *   init: a script run in every document of the context before the page's own scripts
 * @param {import('playwright-core').Browser} browser
 * @param {{ width?: number, height?: number, colorScheme?: 'light' | 'dark', touch?: boolean,
 *   open?: Set<import('playwright-core').BrowserContext>, init?: () => void }} [o]
 */
export async function newPage(browser, o = {}) {
  const context = await browser.newContext({ viewport: { width: o.width ?? 1280, height: o.height ?? 900 }, colorScheme: o.colorScheme ?? 'light', deviceScaleFactor: 1, hasTouch: !!o.touch });
  o.open?.add(context);
  if (o.init) await context.addInitScript(o.init);
  const page = await context.newPage();
  /** @type {string[]} */ const errors = [];
  /** @type {string[]} */ const foreign = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { const u = new URL(r.url()); if (!['blob:', 'data:'].includes(u.protocol) && u.hostname !== '127.0.0.1') foreign.push(r.url()); });
  return { page, context, errors, foreign };
}

/**
 * Opens the page; collects console errors, page errors and requests to other hosts.
 * @param {import('playwright-core').Browser} browser @param {string} url
 * @param {{ width?: number, height?: number, colorScheme?: 'light' | 'dark' }} [o]
 */
export async function openPage(browser, url, o = {}) {
  const context = await browser.newContext({ viewport: { width: o.width ?? 1280, height: o.height ?? 900 }, colorScheme: o.colorScheme ?? 'light', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  const foreign = [];
  const origin = new URL(url).origin;
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { const u = r.url(); if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u); });
  await page.goto(url);
  return { page, context, errors, foreign };
}

/** Waits until the engine has opened a network (the loading indicator is gone). */
export async function ready(page) {
  await page.waitForFunction(() => !!window.gradscope && document.querySelector('.gs-loading')?.hidden === true, null, { timeout: 30000 });
}

/** The headline's figures, as the page shows them. */
export async function headline(page) {
  return page.$eval('[data-role="headline"]', (el) => ({ text: el.textContent, ratio: Number(el.dataset.ratio), first: Number(el.dataset.first), last: Number(el.dataset.last), step: Number(el.dataset.step) }));
}
