// The reader page: lists the stored articles, shows one with its summary
// button and its neighbours, and summarizes pasted text.

import "./style.css";
import { ConnectError } from "@connectrpc/connect";
import { type Article, type SummarizeResponse, SUMMARY_OPTIONS, connectPrecis } from "./client.js";

const precis = connectPrecis(window.location.origin);

/** The start of the hash link that shows an article: `#/articles/{id}`. */
const ARTICLE_HASH = "#/articles/";

/** The element with `id`; the page's HTML always has it. */
function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** A new element with text or child nodes. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** `articles/{id}` → `id`. */
function articleId(article: Article): string {
  return article.name.replace(/^articles\//, "");
}

/** The hash link that shows an article. */
function articleHref(article: Article): string {
  return `${ARTICLE_HASH}${articleId(article)}`;
}

/** A status the server answered with, in words a reader can act on. */
function describeError(error: unknown): string {
  if (error instanceof ConnectError && error.cause instanceof TypeError) {
    // fetch itself failed: no answer came back at all.
    return "The server could not be reached. Check that it is running, then try again.";
  }
  if (error instanceof ConnectError) {
    return `${error.rawMessage || "The server gave no reason."} (${codeName(error.code)})`;
  }
  return error instanceof Error ? error.message : String(error);
}

function codeName(code: number): string {
  const names = [
    "ok", "canceled", "unknown", "invalid argument", "deadline exceeded", "not found",
    "already exists", "permission denied", "resource exhausted", "failed precondition",
    "aborted", "out of range", "unimplemented", "internal", "unavailable", "data loss",
    "unauthenticated",
  ];
  return names[code] ?? `code ${code}`;
}

/** Replaces `region`'s content with an error message readers and screen
 * readers are told of. */
function showError(region: HTMLElement, what: string, error: unknown): void {
  region.replaceChildren(
    el("p", { className: "error", role: "alert" }, el("strong", {}, `${what}: `), describeError(error)),
  );
}

/** Whole minutes or seconds, as people say them. */
function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  return `${Math.round(seconds / 60)} min`;
}

/** The summary as bullets, with the reading time it saves. */
function renderSummary(region: HTMLElement, response: SummarizeResponse): void {
  const bullets = el("ul", { className: "bullets" });
  for (const sentence of response.sentences) bullets.append(el("li", {}, sentence.text));
  const stats = response.stats;
  const saved = stats ? stats.documentReadingSeconds - stats.summaryReadingSeconds : 0;
  const note = stats
    ? `Saves about ${duration(saved)} of reading: ${duration(stats.summaryReadingSeconds)} instead of ${duration(stats.documentReadingSeconds)}.`
    : "";
  region.replaceChildren(el("h2", { className: "summary-heading" }, "Summary"), bullets, el("p", { className: "saving" }, note));
}

// ---- the list of articles

let articles: Article[] = [];

async function loadList(): Promise<void> {
  const listRegion = byId("article-list");
  try {
    const response = await precis.articles.listArticles({ pageSize: 100 });
    articles = response.articles;
  } catch (error) {
    showError(listRegion, "The articles could not be listed", error);
    return;
  }
  if (articles.length === 0) {
    listRegion.replaceChildren(
      el("p", {}, "No articles are stored yet. Run ", el("code", {}, "precis seed-demo"), " to add a few."),
    );
    return;
  }
  const sections = new Map<string, Article[]>();
  for (const article of articles) {
    const name = article.section || "Other";
    sections.set(name, [...(sections.get(name) ?? []), article]);
  }
  listRegion.replaceChildren(
    ...[...sections].flatMap(([section, items]) => [
      el("h3", {}, section),
      el("ul", {}, ...items.map((article) => el("li", {}, el("a", { href: articleHref(article) }, article.title)))),
    ]),
  );
}

function markCurrent(id: string): void {
  for (const link of byId("article-list").querySelectorAll("a")) {
    if (link.getAttribute("href") === `${ARTICLE_HASH}${id}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

// ---- one article

let current: Article | undefined;

async function showArticle(id: string, focus: boolean): Promise<void> {
  const title = byId("article-title");
  const body = byId("article-body");
  const summary = byId("summary");
  const button = byId<HTMLButtonElement>("summary-button");
  summary.replaceChildren();
  button.disabled = true;
  markCurrent(id);
  try {
    const [{ article }, adjacent] = await Promise.all([
      precis.articles.getArticle({ name: `articles/${id}` }),
      precis.articles.getAdjacentArticles({ name: `articles/${id}` }),
    ]);
    if (!article) throw new Error("The server answered without the article.");
    current = article;
    title.textContent = article.title;
    byId("article-section").textContent = article.section;
    byId("article-meta").textContent = byline(article);
    body.replaceChildren(...article.text.split(/\n\s*\n/).map((paragraph) => el("p", {}, paragraph.trim())));
    renderPager(adjacent.previous, adjacent.next);
    button.disabled = false;
    document.title = `${article.title} · Precis reader`;
    if (focus) byId("article").focus();
  } catch (error) {
    current = undefined;
    title.textContent = "Article unavailable";
    body.replaceChildren();
    byId("pager").replaceChildren();
    showError(summary, "The article could not be shown", error);
  }
}

function byline(article: Article): string {
  const parts = [];
  if (article.author) parts.push(`By ${article.author}`);
  if (article.publishTime) {
    const date = new Date(Number(article.publishTime.seconds) * 1000);
    parts.push(date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }));
  }
  return parts.join(" · ");
}

function renderPager(previous: Article | undefined, next: Article | undefined): void {
  const link = (article: Article, rel: string, label: string) =>
    el("a", { href: articleHref(article), rel, className: rel }, el("span", { className: "direction" }, label), el("span", { className: "neighbour" }, article.title));
  byId("pager").replaceChildren(
    ...(previous ? [link(previous, "prev", "← Previous Article")] : []),
    ...(next ? [link(next, "next", "Next Article →")] : []),
  );
}

async function summarizeCurrent(): Promise<void> {
  const region = byId("summary");
  const button = byId<HTMLButtonElement>("summary-button");
  if (!current) return;
  button.disabled = true;
  region.replaceChildren(el("p", {}, "Summarizing…"));
  try {
    const { summary } = await precis.articles.getArticleSummary({ name: current.name, options: SUMMARY_OPTIONS });
    if (!summary) throw new Error("The server answered without a summary.");
    renderSummary(region, summary);
  } catch (error) {
    showError(region, "The summary could not be made", error);
  } finally {
    button.disabled = false;
  }
}

// ---- pasted text

/** Text that opens like a web page is sent as HTML, so its article is
 * extracted first. */
function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<article|<p[\s>])/i.test(text);
}

async function summarizePasted(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const region = byId("paste-summary");
  const text = byId<HTMLTextAreaElement>("paste-text").value;
  region.replaceChildren(el("p", {}, "Summarizing…"));
  try {
    const document = looksLikeHtml(text) ? { case: "html" as const, value: text } : { case: "text" as const, value: text };
    renderSummary(region, await precis.summaries.summarize({ ...SUMMARY_OPTIONS, document }));
  } catch (error) {
    showError(region, "The text could not be summarized", error);
  }
}

// ---- start

function idFromHash(): string | undefined {
  const hash = window.location.hash;
  const id = hash.slice(ARTICLE_HASH.length);
  return hash.startsWith(ARTICLE_HASH) && id !== "" ? id : undefined;
}

byId("summary-button").addEventListener("click", () => void summarizeCurrent());
byId<HTMLFormElement>("paste-form").addEventListener("submit", (event) => void summarizePasted(event));
window.addEventListener("hashchange", () => {
  const id = idFromHash();
  if (id) void showArticle(id, true);
});

await loadList();
const first = idFromHash() ?? (articles[0] && articleId(articles[0]));
if (first) void showArticle(first, false);
else byId("article-title").textContent = "No article to show";
