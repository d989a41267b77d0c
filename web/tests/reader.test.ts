// The reader page in headless Chromium against a real server: the summary
// button, navigation between neighbours, pasted text, errors, keyboard use
// and a phone-width screen. Expected summaries are fetched from the server
// with the same generated client the page uses; each state is screenshotted
// into test-output/.

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { ConnectError } from "@connectrpc/connect";
import { type Browser, type Page, chromium } from "playwright-core";
import { type Precis, SUMMARY_OPTIONS, connectPrecis } from "../src/client.js";
import { type Server, startServer } from "./server.js";

const outputDir = process.env.SCREENSHOT_DIR ?? resolve(import.meta.dirname, "../../test-output");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const SUMMARY_BUTTON = "No time to read? Get a summary";

/** Written for this test: a short news story to paste. */
const PASTED = `Volunteers counted 412 swifts nesting under the eaves of the old town hall this spring, twice as many as five years ago. \
The birds returned after the council fitted sixty nest boxes during the roof repairs. \
A local school has built a webcam so pupils can watch the chicks from their classroom. \
Swifts spend almost their whole lives in the air and land only to breed. \
The volunteers will count the nests again in July, when the first chicks should leave.`;

let server: Server;
let browser: Browser;
let precis: Precis;

before(async () => {
  mkdirSync(outputDir, { recursive: true });
  server = await startServer();
  precis = connectPrecis(server.readerUrl);
  browser = await chromium.launch({ executablePath: chromiumPath });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openPage(width = 1280, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(server.readerUrl);
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(outputDir, `${name}.png`), fullPage: true });
}

/** The newest stored article, which the page opens first. */
async function newestArticle() {
  const { articles } = await precis.articles.listArticles({ pageSize: 1 });
  assert.ok(articles[0], "the demo articles are stored");
  return articles[0];
}

async function shownTitle(page: Page, title: string): Promise<void> {
  await page.getByRole("heading", { level: 1, name: title, exact: true }).waitFor();
}

async function bullets(page: Page, region: string): Promise<string[]> {
  await page.locator(`${region} li`).first().waitFor();
  return page.locator(`${region} li`).allTextContents();
}

test("the summary button shows the summary GetArticleSummary returns", async () => {
  const article = await newestArticle();
  const page = await openPage();
  await shownTitle(page, article.title);
  await screenshot(page, "1-article");

  await page.getByRole("button", { name: SUMMARY_BUTTON }).click();
  const shown = await bullets(page, "#summary");
  const { summary } = await precis.articles.getArticleSummary({ name: article.name, options: SUMMARY_OPTIONS });
  assert.deepEqual(shown, summary?.sentences.map((sentence) => sentence.text));
  assert.match(await page.locator("#summary .saving").innerText(), /^Saves about \d+ (s|min) of reading/);
  await screenshot(page, "2-summary");
  await page.close();
});

test("Previous Article and Next Article follow the store's neighbours", async () => {
  const article = await newestArticle();
  const { previous } = await precis.articles.getAdjacentArticles({ name: article.name });
  assert.ok(previous, "the newest article has an older neighbour");
  const page = await openPage();
  await shownTitle(page, article.title);

  await page.getByRole("link", { name: /Previous Article/ }).click();
  await shownTitle(page, previous.title);
  const around = await precis.articles.getAdjacentArticles({ name: previous.name });
  assert.equal(around.next?.name, article.name);
  await screenshot(page, "3-previous");

  await page.getByRole("link", { name: /Next Article/ }).click();
  await shownTitle(page, article.title);
  await screenshot(page, "4-next");
  await page.close();
});

test("pasted text is summarized as Summarize summarizes it", async () => {
  const page = await openPage();
  await page.getByLabel("Paste an article's text, or a web page's HTML").fill(PASTED);
  await page.getByRole("button", { name: "Summarize", exact: true }).click();
  const shown = await bullets(page, "#paste-summary");
  const expected = await precis.summaries.summarize({ ...SUMMARY_OPTIONS, document: { case: "text", value: PASTED } });
  assert.deepEqual(shown, expected.sentences.map((sentence) => sentence.text));
  await screenshot(page, "5-pasted");
  await page.close();
});

test("a server error is shown as a readable message", async () => {
  const page = await openPage();
  await page.getByLabel("Paste an article's text, or a web page's HTML").fill("   ");
  await page.getByRole("button", { name: "Summarize", exact: true }).click();
  const alert = page.locator("#paste-summary").getByRole("alert");
  await alert.waitFor();
  const refusal = await precis.summaries
    .summarize({ ...SUMMARY_OPTIONS, document: { case: "text", value: "   " } })
    .then(() => assert.fail("whitespace is refused"), (error: unknown) => ConnectError.from(error));
  const message = await alert.innerText();
  assert.ok(message.includes(refusal.rawMessage), `${message} tells the server's reason: ${refusal.rawMessage}`);
  assert.match(message, /invalid argument/);
  await screenshot(page, "6-error");
  await page.close();
});

test("a stopped server is reported, not a blank", async () => {
  const own = await startServer();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(own.readerUrl);
  await page.getByRole("button", { name: SUMMARY_BUTTON, disabled: false }).waitFor();
  await own.stop();
  await page.getByRole("button", { name: SUMMARY_BUTTON }).click();
  const alert = page.locator("#summary").getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /^The summary could not be made: The server could not be reached\./);
  await screenshot(page, "7-server-stopped");
  await page.close();
});

test("on a phone-width screen, the keyboard reaches the button and nothing scrolls sideways", async () => {
  const article = await newestArticle();
  const page = await openPage(375, 812);
  await shownTitle(page, article.title);
  const button = page.getByRole("button", { name: SUMMARY_BUTTON });
  let focused = false;
  for (let presses = 0; presses < 30 && !focused; presses++) {
    await page.keyboard.press("Tab");
    focused = await button.evaluate((element) => element === document.activeElement);
  }
  assert.ok(focused, "Tab reaches the summary button");
  await page.keyboard.press("Enter");
  await bullets(page, "#summary");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await screenshot(page, "8-phone");
  await page.close();
});
