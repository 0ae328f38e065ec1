import assert from "node:assert/strict";
import path from "node:path";
import type { DraftView } from "../../schema/replies/codeground.ts";
import { register, uniqueName } from "../helpers/accounts.ts";
import { clickWhenRouted, type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, e2eSuite, PHONE } from "../helpers/e2e.ts";
import { api } from "../helpers/http.ts";

/**
 * Still previews in real Chromium: publishing captures a picture inside the sandbox; another
 * person's feed shows it on the card, Run laid over it; Run swaps in the live sandbox.
 */
const DRAWING = `onFrame((t) => {
  clear("#102030");
  fill("#ff3366");
  fillRect(40, 40, 200, 120);
  fill("#33ddaa");
  circle(340, 220, 60);
});
`;

interface Pixels {
  width: number;
  height: number;
  distinctColors: number;
  dominantShare: number;
  hasPink: boolean;
  hasGreen: boolean;
}

/** Decodes the card's <img> through a canvas in the page (same origin: not tainted) and summarises its pixels. */
async function imagePixels(w: WatchedPage, selector: string): Promise<Pixels> {
  return w.page.$eval(selector, async (node) => {
    const img = node as HTMLImageElement;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = new Map<number, number>();
    let hasPink = false;
    let hasGreen = false;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i] as number, data[i + 1] as number, data[i + 2] as number];
      const key = (r << 16) | (g << 8) | b;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (r > 200 && g < 90 && b > 70 && b < 140) hasPink = true;
      if (r < 90 && g > 190 && b > 140) hasGreen = true;
    }
    const total = data.length / 4;
    return { width: canvas.width, height: canvas.height, distinctColors: counts.size, dominantShare: Math.max(...counts.values()) / total, hasPink, hasGreen };
  });
}

describe("Script card previews in Chromium (e2e)", function () {
  this.timeout(180_000);
  const e2e = e2eSuite({ closePagesAfterEach: false });
  // No X-Forwarded-For: an extra header would make the opaque-origin sandbox's module loads preflighted.
  const person = (prefix: string) => e2e.signUp(prefix, { address: false, viewport: { width: 1000, height: 720 } });

  it("[CGP7] publish captures a still in the sandbox; another person's feed card shows it (not blank) with Run over it, Run swaps in the live sandbox", async () => {
    const { w: ann } = await person("ann");
    const title = `stripes ${Date.now() % 10000}`;
    await ann.page.click("nav a[href='#/code']");
    await ann.page.waitForSelector("#code-page:not([hidden]) #code-editor .cm-content");
    await ann.page.locator("#code-editor .cm-content").click();
    await ann.page.keyboard.press("Control+A");
    await ann.page.keyboard.press("Delete");
    await ann.page.keyboard.insertText(DRAWING);
    await ann.page.fill("#code-title", title);
    await ann.page.waitForSelector("#code-page[data-saved]", { timeout: 10_000 });
    await ann.page.click("#code-page [data-action=publish]");
    await ann.page.waitForSelector("#code-page[data-published='1']", { timeout: 20_000 });
    assert.equal(await ann.page.getAttribute("#code-page", "data-preview"), "captured", "the sandbox handed back a picture");

    // A version without a preview (published by a bot through the API) keeps the old card look.
    const bot = await register(e2e.server, uniqueName("bot"));
    const plain = (await api(e2e.server, "POST", "/api/scripts", bot, { title: "plain card", source: DRAWING })).body as unknown as DraftView;
    assert.equal((await api(e2e.server, "POST", `/api/scripts/${plain.id}/publish`, bot)).status, 201);

    const { w: ben } = await person("ben");
    await ben.page.setViewportSize({ width: 1280, height: 800 });
    await ben.page.click("nav a[href='#/feed/everyone']");
    const card = ben.page.locator("#feed-list .script-card", { hasText: title });
    await card.waitFor();
    const img = card.locator(".script-preview img");
    await img.waitFor();
    assert.equal(await img.getAttribute("alt"), `Preview of “${title}” by @${(await card.locator(".script-author").textContent())?.slice(1)}`);
    assert.match((await img.getAttribute("src")) ?? "", /^\/api\/script-versions\/[0-9a-f]+\/preview\.png$/);
    const pixels = await imagePixels(ben, `#feed-list .script-card[data-version-id="${await card.getAttribute("data-version-id")}"] .script-preview img`);
    assert.deepEqual([pixels.width, pixels.height], [320, 240], JSON.stringify(pixels));
    assert.ok(pixels.distinctColors >= 3 && pixels.dominantShare < 0.95, `not blank: ${JSON.stringify(pixels)}`);
    assert.ok(pixels.hasPink && pixels.hasGreen, `the script's own drawing: ${JSON.stringify(pixels)}`);

    // Run sits over the picture.
    const run = card.locator("[data-action=run]");
    const [runBox, imgBox] = [await run.boundingBox(), await img.boundingBox()];
    assert.ok(runBox && imgBox);
    assert.ok(runBox.x > imgBox.x && runBox.x + runBox.width < imgBox.x + imgBox.width, "Run inside the picture, across");
    assert.ok(runBox.y > imgBox.y && runBox.y + runBox.height < imgBox.y + imgBox.height, "Run inside the picture, down");
    await card.scrollIntoViewIfNeeded();
    await ben.page.screenshot({ path: path.join(ARTIFACTS, "script-preview-feed-desktop.png") });

    const plainCard = ben.page.locator("#feed-list .script-card", { hasText: "plain card" });
    assert.equal(await plainCard.locator(".script-preview, img").count(), 0, "no picture on a version without one");
    assert.equal(await plainCard.locator(".script-actions [data-action=run]").count(), 1, "its Run stays in the bar");

    await run.click();
    await ben.page.waitForSelector(`#feed-list .script-card:has-text("${title}") .script-run[data-frames=drawn]`, { timeout: 15_000 });
    assert.equal(await card.locator(".script-preview").isHidden(), true, "the live sandbox took the picture's place");
    await clickWhenRouted("the card's Stop button", card.locator("[data-action=stop]"));
    await waitFor("the picture back after Stop", () => card.locator(".script-preview").isVisible(), (v) => v);

    await ben.page.setViewportSize(PHONE);
    await ben.page.reload();
    await card.locator(".script-preview img").waitFor();
    await card.scrollIntoViewIfNeeded();
    const phoneBox = await card.locator(".script-preview").boundingBox();
    assert.ok(phoneBox && phoneBox.x >= 0 && phoneBox.x + phoneBox.width <= PHONE.width, `fits the phone: ${JSON.stringify(phoneBox)}`);
    await ben.page.screenshot({ path: path.join(ARTIFACTS, "script-preview-feed-phone.png") });

    for (const w of [ann, ben]) {
      assert.deepEqual(w.problems.pageErrors, []);
      assert.deepEqual(w.problems.cspViolations, []);
    }
  });
});
