import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ensureClientBuilt } from "../../scripts/client-build.ts";
import { bearer, register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { grantAdmin } from "../helpers/admin.ts";
import { launchBrowser, type TestBrowser, type WatchedPage, waitFor } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { publishStory } from "../helpers/song-publish.ts";

/**
 * Reading a Song together in real Chromium: a published version is opened from the solo
 * reader with "Read together"; two more people open the shared address and join the same
 * session. All see the same Verse, the readers present, the room's mood and the server's
 * countdown; votes and their voters show live everywhere; when the vote closes (every
 * reader voted, or the timer ran out on a tie) all move to the same next Verse and read
 * what was decided, in words.
 */
const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const PASSWORD = "correct horse battery 42";
/** Long enough for three people to click, so only all votes (or a deliberate wait) decide. */
const VOTE_MS = 30_000;
/** Votes start only when a round has at least this long left, so no round ends mid-test on a slow machine. */
const FRESH_S = 22;
let counter = 0;
const fresh = (prefix: string) => `${prefix}${Date.now() % 100000}${++counter}`;

const PAGE = "#song-together-page";

describe("reading a Song together in Chromium (e2e)", function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: TestBrowser;
  const pages: WatchedPage[] = [];
  let owner: TestAccount;
  let songId = "";
  let versionId = "";
  let shareUrl = "";
  const people: { w: WatchedPage; name: string }[] = [];

  before(async function () {
    this.timeout(180_000);
    const clientDir = ensureClientBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ transport: "uws", env: { CLIENT_DIR: clientDir, SONG_VOTE_MS: String(VOTE_MS) } });
    browser = await launchBrowser();
    owner = await register(server, uniqueName("sgtown"));
    ({ songId, versionId } = await publishStory(server, owner, {
      title: "The Hall of Doors",
      verses: [
        { id: "hall", title: "The hall", prose: "A hall of doors. Somewhere, music." },
        { id: "garden", title: "The garden", prose: "Roses everywhere, and two paths." },
        { id: "cellar", title: "The cellar", prose: "Dark and quiet.", ending: true },
        { id: "sea", title: "The sea", prose: "The waves take the song.", ending: true },
        { id: "well", title: "The well", prose: "An echo answers.", ending: true },
        { id: "joy", title: "The ballroom", ending: true },
      ],
      choices: [
        { verse: "hall", id: "go-garden", label: "Walk into the garden", target: "garden" },
        { verse: "hall", id: "go-cellar", label: "Go down to the cellar", target: "cellar" },
        { verse: "hall", id: "go-quiet", label: "Sit quietly", target: "cellar", condition: "mood.p < 0.3" },
        { verse: "hall", id: "go-joy", label: "Dance in the light", target: "joy", condition: "mood.p > 0.3" },
        { verse: "garden", id: "go-sea", label: "Follow the path to the sea", target: "sea" },
        { verse: "garden", id: "go-well", label: "Look into the well", target: "well" },
      ],
    }));
  });
  after(async () => {
    for (const w of pages) await w.close();
    await browser?.close();
    await server?.stop();
  });

  async function person(prefix: string): Promise<{ w: WatchedPage; name: string }> {
    const w = await browser.newPage();
    await w.page.setViewportSize({ width: 1280, height: 800 });
    pages.push(w);
    await w.page.goto(server.baseUrl);
    const name = fresh(prefix);
    await w.page.waitForSelector("#auth-panel:not([hidden])");
    await w.page.fill("#username-input", name);
    await w.page.fill("#password-input", PASSWORD);
    await w.page.click("#auth-submit");
    await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 15_000 });
    return { w, name };
  }

  const at = (w: WatchedPage) => w.page.locator(`${PAGE} .together`).getAttribute("data-verse-id");
  const readersHead = (w: WatchedPage) => w.page.locator(`${PAGE} .together-side h4`).innerText();
  const choice = (w: WatchedPage, id: string) => w.page.locator(`${PAGE} li[data-choice-id="${id}"]`);
  const vote = (w: WatchedPage, id: string) => choice(w, id).locator("button").click();
  const outcome = (w: WatchedPage) => w.page.locator(`${PAGE} .together-outcome`).innerText();
  const secondsLeft = async (w: WatchedPage) => Number(await w.page.locator(`${PAGE} .together-timer`).getAttribute("data-seconds"));
  /** Rounds with no vote restart every VOTE_MS: waits for one with time enough for the clicks that follow. */
  const freshRound = (w: WatchedPage) => waitFor("a fresh round", () => secondsLeft(w), (s) => s >= FRESH_S, VOTE_MS + 10_000);

  it('[SGT1] "Read together" opens a session with a shareable address; three readers see one Verse, the readers, the mood and the server\'s timer; votes show live; all move on together', async () => {
    people.push(await person("ann"), await person("ben"), await person("cat"));
    const [ann, ben, cat] = people.map((p) => p.w) as [WatchedPage, WatchedPage, WatchedPage];
    await ann.page.goto(`${server.baseUrl}/#/songs/${songId}/read/${versionId}`);
    await ann.page.click("#song-reader-page [data-action=read-together]");
    await ann.page.waitForSelector(`${PAGE}:not([hidden]) .together[data-verse-id=hall]`, { timeout: 15_000 });
    assert.match(ann.page.url(), new RegExp(`#/songs/${songId}/together/${versionId}$`));
    shareUrl = await ann.page.locator(`${PAGE} input[name=share]`).inputValue();
    assert.equal(shareUrl, ann.page.url(), "the address to share is the session's own");
    for (const w of [ben, cat]) await w.page.goto(shareUrl);
    for (const w of [ann, ben, cat]) {
      await waitFor("hall at everyone", () => at(w), (v) => v === "hall", 15_000);
      await waitFor("three readers", () => readersHead(w), (t) => t === "Readers here (3)");
      assert.match(await w.page.locator(`${PAGE} .reader-verse`).innerText(), /A hall of doors\. Somewhere, music\./);
      assert.match(await w.page.locator(`${PAGE} .together-mood`).innerText(), /The room feels neutral/);
      const labels = await w.page.locator(`${PAGE} .together-choices button`).allInnerTexts();
      assert.deepEqual(labels, ["Walk into the garden", "Go down to the cellar", "Sit quietly"], "the joyful-only choice is hidden from a neutral room");
      assert.match(await choice(w, "go-quiet").locator("[data-gated=mood]").innerText(), /shown because the room feels neutral/);
      const seconds = Number(await w.page.locator(`${PAGE} .together-timer`).getAttribute("data-seconds"));
      assert.ok(seconds > 0 && seconds <= VOTE_MS / 1000, `the server's countdown (${seconds})`);
      assert.match(await w.page.locator(`${PAGE} .together-timer`).innerText(), /The vote closes in \d+ seconds?/);
    }
    const [annName, benName] = [people[0]!.name, people[1]!.name];
    await freshRound(ann);
    await vote(ann, "go-garden");
    for (const w of [ben, cat]) {
      await waitFor("ann's vote counted live", () => choice(w, "go-garden").locator(".together-count").innerText(), (t) => t === "1 vote");
      await waitFor("ann named as its voter", () => choice(w, "go-garden").locator(".together-voters").innerText(), (t) => t.includes(annName));
    }
    await vote(ben, "go-cellar");
    await waitFor("ben's vote at ann", () => choice(ann, "go-cellar").locator(".together-voters").innerText(), (t) => t.includes(benName));
    assert.equal(await choice(ann, "go-garden").locator("button").getAttribute("aria-pressed"), "true", "ann's own vote is marked");
    await ann.page.screenshot({ path: path.join(ARTIFACTS, "song-together-desktop.png") });
    await vote(cat, "go-garden");
    for (const w of [ann, ben, cat]) {
      await waitFor("everyone in the garden", () => at(w), (v) => v === "garden");
      await waitFor("the outcome in words", () => outcome(w), (t) => t === "The vote closed: “Walk into the garden” won with 2 votes of 3.");
      assert.match(await w.page.locator(`${PAGE} .reader-verse h3`).innerText(), /The garden/);
    }
    await ben.page.setViewportSize({ width: 390, height: 844 });
    await freshRound(ben);
    await vote(ben, "go-well");
    await waitFor("ben's vote", () => choice(ben, "go-well").locator(".together-count").innerText(), (t) => t === "1 vote");
    await ben.page.screenshot({ path: path.join(ARTIFACTS, "song-together-phone.png"), fullPage: true });
    await ben.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('[SGT2] a tie is decided by the timer and said in words; at an ending "Read again" restarts everyone; leaving is clean and the others see one reader fewer', async () => {
    const [ann, ben, cat] = people.map((p) => p.w) as [WatchedPage, WatchedPage, WatchedPage];
    // ben voted "the well" already; ann votes "the sea"; cat does not vote: only the timer can close it.
    await vote(ann, "go-sea");
    await waitFor("two votes at cat", () => cat.page.locator(`${PAGE} .together-count[data-votes="1"]`).count(), (n) => n === 2);
    for (const w of [ann, ben, cat]) {
      await waitFor("the tie's outcome", () => outcome(w), (t) => t.includes("tie between"), VOTE_MS + 15_000);
      assert.match(await outcome(w), /The vote closed in a tie between “Follow the path to the sea” and “Look into the well” \(1 vote each\)\. The tie-break, the same for every reader, picked “(Follow the path to the sea|Look into the well)”\./);
    }
    const ending = await waitFor("one ending for all", async () => Promise.all([ann, ben, cat].map(at)), (v) => (v[0] === "sea" || v[0] === "well") && v.every((x) => x === v[0]));
    assert.ok(ending[0]);
    assert.match(await ann.page.locator(`${PAGE} .reader-verse`).innerText(), /The end\./);
    assert.match(await ann.page.locator(`${PAGE} .together-timer`).innerText(), /No vote is open/);
    assert.equal(await ann.page.locator(`${PAGE} .together-choices li`).count(), 0);
    await ann.page.screenshot({ path: path.join(ARTIFACTS, "song-together-ending-desktop.png") });
    await ben.page.click(`${PAGE} [data-action=restart]`);
    for (const w of [ann, ben, cat]) await waitFor("back in the hall", () => at(w), (v) => v === "hall");
    await cat.page.click(`${PAGE} [data-action=leave]`);
    await cat.page.waitForSelector("#song-reader-page:not([hidden]) .reader-choices", { timeout: 15_000 });
    assert.equal(await cat.page.locator(`${PAGE}`).isHidden(), true);
    for (const w of [ann, ben]) await waitFor("two readers left", () => readersHead(w), (t) => t === "Readers here (2)");
    for (const w of [ann, ben, cat]) {
      assert.deepEqual(w.problems.pageErrors, []);
      assert.deepEqual(w.problems.cspViolations, []);
    }
  });

  it("[SGT3] a session of a version that does not exist is refused in words; the feed's Song card offers Read together; a banned reader's view closes with words", async () => {
    const [ann, ben, cat] = people.map((p) => p.w) as [WatchedPage, WatchedPage, WatchedPage];
    await cat.page.goto(`${server.baseUrl}/#/songs/${songId}/together/nosuchversion`);
    await waitFor("the refusal", () => cat.page.locator(`${PAGE} .together-closed`).innerText(), (t) => /does not exist/.test(t), 15_000);
    assert.equal(await cat.page.locator(`${PAGE} [data-action=vote]`).count(), 0);
    await cat.page.goto(`${server.baseUrl}/#/feed/everyone`);
    await cat.page.waitForSelector("#feed-page .song-card .song-card-together", { timeout: 15_000 });
    await cat.page.click("#feed-page .song-card .song-card-together");
    await waitFor("cat back in the session", () => readersHead(ann), (t) => t === "Readers here (3)", 15_000);
    await waitFor("cat in the hall", () => at(cat), (v) => v === "hall");

    const admin = await register(server, uniqueName("sgtadm"));
    await grantAdmin(server, admin);
    const res = await fetch(`${server.baseUrl}/api/admin/users/${people[1]!.name}/ban`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(admin) },
      body: JSON.stringify({ reason: "test ban" }),
    });
    assert.equal(res.status, 204);
    // The session's own close words, or, when the world's socket carried the same kick first, the app's
    // signed-out panel with the reason (it closes every view, this one included): either way, words.
    const words = () =>
      ben.page.evaluate(() =>
        ["#song-together-page .together-closed", "#auth-panel"]
          .map((sel) => document.querySelector<HTMLElement>(sel))
          .map((node) => (node && node.offsetParent !== null ? (node.textContent ?? "") : ""))
          .join(" "),
      );
    await waitFor("ben's reading closed in words", words, (t) => /banned/i.test(t), 15_000);
    assert.equal(await ben.page.locator(`${PAGE}:not([hidden]) [data-action=vote]`).count(), 0, "no vote control stays");
    await waitFor("two readers at ann", () => readersHead(ann), (t) => t === "Readers here (2)");
    await ben.page.screenshot({ path: path.join(ARTIFACTS, "song-together-closed-desktop.png") });
    for (const w of [ann, cat]) {
      assert.deepEqual(w.problems.pageErrors, []);
      assert.deepEqual(w.problems.cspViolations, []);
    }
  });
});
