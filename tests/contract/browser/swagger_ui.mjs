// A person at the gateway's Swagger UI (/docs) in a real headless Chromium
// (Debian's, driven by playwright-core): the Authorize button is there, takes
// the API key, and "Try it out" on GET /api/v1/customers answers 200.
//
// Usage: node swagger_ui.mjs BASE_URL API_KEY SCREENSHOT.png
import { createRequire } from "node:module";

const require = createRequire(process.env.NODE_PATH + "/");
const { chromium } = require("playwright-core");

const [base, key, screenshot] = process.argv.slice(2);
const listPath = "/api/v1/customers";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(20000);
  // The page is served from the gateway alone (no CDN); anything else is
  // refused here and reported.
  const outside = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(String(err)));

  await page.goto(`${base}/docs`);
  const authorize = page.locator("button.authorize").first();
  await authorize.waitFor({ state: "visible" });
  console.log("swagger-ui: Authorize button shown");

  await authorize.click();
  // The API key scheme's form: the Authorization header's whole value.
  const form = page.locator(".auth-container", { hasText: "apiKey" }).first();
  await form.locator("input").first().fill(`Apikey ${key}`);
  await form.locator("button.modal-btn.auth.authorize").click();
  await form.getByText("Logout").waitFor();
  // The Authorize dialog, authorized (gateway/README.md shows it).
  await page.screenshot({ path: screenshot.replace(/\.png$/, "-authorize.png") });
  await page.locator(".modal-ux button.close-modal").click();
  console.log("swagger-ui: API key accepted");

  const op = page.locator(
    `.opblock-get:has(.opblock-summary-path[data-path="${listPath}"])`).first();
  await op.locator(".opblock-summary").first().click();
  await op.locator("button.try-out__btn").click();
  await op.locator("button.execute").click();
  const status = op.locator(".live-responses-table .response .response-col_status").first();
  await status.waitFor();
  const code = (await status.innerText()).trim();
  const curl = await op.locator(".curl-command").first().innerText().catch(() => "");
  await page.screenshot({ path: screenshot, fullPage: false });
  if (!code.startsWith("200")) {
    const body = await op.locator(".live-responses-table .response-col_description").first()
      .innerText().catch(() => "");
    console.error(`swagger-ui: Try it out on GET ${listPath} got ${code}, want 200\n${body}`);
    failed = true;
  } else if (!curl.includes(`Apikey ${key}`)) {
    console.error(`swagger-ui: the request did not carry the key:\n${curl}`);
    failed = true;
  } else {
    console.log(`swagger-ui: Try it out on GET ${listPath}: 200`);
  }
  if (outside.length) console.log(`swagger-ui: refused requests off this machine: ${outside.join(", ")}`);
  if (pageErrors.length) console.log(`swagger-ui: page errors: ${pageErrors.join("; ")}`);
} catch (err) {
  console.error(`swagger-ui: ${err.message} (screenshot: ${screenshot})`);
  await browser.contexts()[0]?.pages()[0]?.screenshot({ path: screenshot }).catch(() => {});
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
