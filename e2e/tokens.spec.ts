/**
 * Real, expiring tokens end to end. An OpenID provider (e2e/oidcTestProvider.ts) issues short-lived JWT access tokens
 * for the emulator's audience with a project claim; a second emulator, started for this file, verifies them
 * (EMULATOR_OIDC_*); the app runs in the iframe of a portal page on another origin (e2e/testPortal.ts) that hands out
 * tokens over postMessage from its cache and renews only when the app says CDF refused the last one.
 *
 * Proven here: after the token expires the next request gets 401, the app asks the host for a fresh token once and
 * carries on (the segment job finishes with the same prompts, a save queued with an expired token completes); a token
 * for another project is a 403 the user sees explained; no token is left in a URL or in the app's storage.
 */
import type { Frame, Page, Request } from '@playwright/test';
import { AnnotatorPage, expect, test } from './fixtures';
import { startEmulatorProcess, type EmulatorProcess } from './emulatorProcess';
import { startTestOidcProvider, type TestOidcProvider } from './oidcTestProvider';
import { startTestPortal, type TestPortal } from './testPortal';

const APP_ORIGIN = `http://127.0.0.1:${Number(process.env.E2E_APP_PORT ?? 5174)}`;
const AUDIENCE = 'https://emulator.test';
const PROJECT_CLAIM = 'cdf_projects';
const SCOPE = 'user_impersonation';
/** Short enough to expire twice in one test, long enough for the app to load on a busy machine. */
const TOKEN_TTL_SECONDS = 15;
const PORTAL_CLIENTS = {
  demo: { clientId: 'portal-demo', clientSecret: 'portal-demo-secret-0123456789abcdef0123456789', projects: ['demo'] },
  other: { clientId: 'portal-other', clientSecret: 'portal-other-secret-0123456789abcdef012345678', projects: ['other'] },
} as const;
const FILE_EXTERNAL_ID = 'sample:coffee';
const screenshotDir = '/tmp/tokens';

let provider: TestOidcProvider;
let emulator: EmulatorProcess;
let portal: TestPortal | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  provider = await startTestOidcProvider({
    redirectUri: `${APP_ORIGIN}/`,
    // The portal's tokens are short-lived; the signed-in app's live an hour (oidc-client-ts renews a minute early).
    accessToken: {
      audience: AUDIENCE,
      scope: SCOPE,
      projectClaim: PROJECT_CLAIM,
      userProjects: ['demo'],
      serviceClients: Object.values(PORTAL_CLIENTS),
      serviceTokenTtlSeconds: TOKEN_TTL_SECONDS,
    },
  });
  emulator = await startEmulatorProcess({
    EMULATOR_OIDC_ISSUER: provider.issuer,
    EMULATOR_OIDC_AUDIENCE: AUDIENCE,
    EMULATOR_OIDC_PROJECT_CLAIM: PROJECT_CLAIM,
  });
});

test.afterAll(async () => {
  await emulator.close();
  await provider.close();
});

test.afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

/** The app's config.json for the portal: tokens from the host page, CDF = this file's emulator. */
async function openInPortal(page: Page, client: keyof typeof PORTAL_CLIENTS): Promise<{ annotator: AnnotatorPage; portal: TestPortal }> {
  const { clientId, clientSecret } = PORTAL_CLIENTS[client];
  portal = await startTestPortal({
    appUrl: `${APP_ORIGIN}/?fileExternalId=${FILE_EXTERNAL_ID}`,
    tokenEndpoint: `${provider.issuer}/token`,
    clientId,
    clientSecret,
    scope: SCOPE,
  });
  const config = { baseUrl: emulator.url, project: 'demo', auth: { mode: 'host', allowedOrigins: [portal.origin], timeoutMs: 10_000 } };
  await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.goto(portal.url);
  return { annotator: new AnnotatorPage(page, page.frameLocator('iframe[title="Annotator"]')), portal };
}

function appFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => candidate.url().startsWith(APP_ORIGIN));
  if (frame === undefined) throw new Error('the app frame is not there');
  return frame;
}

/** `exp` of a JWT, in ms since the epoch. */
function expiryMs(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
  if (typeof payload.exp !== 'number') throw new Error('the token has no exp');
  return payload.exp * 1000;
}

/** Waits (polling the clock, no fixed sleep) until the emulator must consider `token` expired. */
async function waitUntilExpired(token: string): Promise<void> {
  const expiredAtMs = expiryMs(token) + 1000;
  await expect.poll(() => Date.now(), { timeout: TOKEN_TTL_SECONDS * 1000 + 10_000, intervals: [250] }).toBeGreaterThan(expiredAtMs);
}

interface SeenResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: string | null;
}

/** Records the emulator's answers to the page (both frames) and every URL the page requested. */
function watch(page: Page): { responses: SeenResponse[]; urls: string[] } {
  const responses: SeenResponse[] = [];
  const urls: string[] = [];
  page.on('request', (request: Request) => urls.push(request.url()));
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== emulator.url || response.request().method() === 'OPTIONS') return;
    responses.push({ method: response.request().method(), path: url.pathname, status: response.status(), body: response.request().postData() });
  });
  return { responses, urls };
}

/** Everything the app's origin keeps in localStorage, sessionStorage and IndexedDB, as one string. */
async function appStorage(frame: Frame): Promise<{ text: string; databases: number }> {
  return frame.evaluate(async () => {
    const request = <T,>(operation: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        operation.onsuccess = () => resolve(operation.result);
        operation.onerror = () => reject(operation.error ?? new Error('IndexedDB request failed'));
      });
    const stores: Array<{ database: string; store: string; records: unknown[] }> = [];
    const databases = await indexedDB.databases();
    for (const { name } of databases) {
      if (name === undefined) continue;
      const database = await request(indexedDB.open(name));
      for (const store of Array.from(database.objectStoreNames)) {
        stores.push({ database: name, store, records: await request(database.transaction(store).objectStore(store).getAll()) });
      }
      database.close();
    }
    return { text: JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, stores }), databases: databases.length };
  });
}

/** A fresh token from the provider for the portal's client, for the test's own calls to the emulator. */
async function serviceToken(): Promise<string> {
  const { clientId, clientSecret } = PORTAL_CLIENTS.demo;
  const response = await fetch(`${provider.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPE }),
  });
  if (!response.ok) throw new Error(`the provider answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function listAnnotations(fileId: number, token: string): Promise<Array<{ id: number; data: { label: string } }>> {
  const response = await fetch(`${emulator.url}/api/v1/projects/demo/annotations/list`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ filter: { annotatedResourceType: 'file', annotatedResourceIds: [{ id: fileId }] }, limit: 1000 }),
  });
  if (!response.ok) throw new Error(`annotations/list answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { items: Array<{ id: number; data: { label: string } }> }).items;
}

test('an expired token: one 401, one renewal from the host, and the job and a pending save complete', async ({ page }) => {
  test.setTimeout(150_000);
  const seen = watch(page);
  const { annotator, portal } = await openInPortal(page, 'demo');
  await annotator.waitForImage();
  await expect(annotator.alert).toHaveCount(0);
  await page.screenshot({ path: `${screenshotDir}/portal-loaded.png` });
  // Counted from here: on a slow machine the first token may already have been renewed while the app loaded.
  const { refresh: refreshesBefore } = portal.requests();
  const tokensBefore = portal.issuedTokens().length;

  // 1. The token expires while the user looks at the image; the next prompt's job is refused, renewed, and runs.
  await waitUntilExpired(portal.issuedTokens().at(-1) ?? '');
  const answersBefore = seen.responses.length;
  await annotator.clickAtNormalized(0.45, 0.45);
  const save = annotator.app.getByRole('button', { name: 'Save annotation' });
  await expect(save).not.toHaveAttribute('aria-disabled', 'true', { timeout: 30_000 });
  const jobAnswers = seen.responses.slice(answersBefore).filter((answer) => answer.path.endsWith('/context/vision/segment'));
  expect(jobAnswers.map((answer) => answer.status)).toEqual([401, 200]);
  // The same prompts were sent again with the new token, and they are still on screen.
  expect(jobAnswers[1]?.body).toBe(jobAnswers[0]?.body);
  await expect(annotator.app.getByRole('button', { name: 'Clear prompts' })).not.toHaveAttribute('aria-disabled', 'true');
  await expect(annotator.alert).toHaveCount(0);
  expect(portal.requests().refresh).toBe(refreshesBefore + 1);
  expect(portal.issuedTokens()).toHaveLength(tokensBefore + 1);
  await page.screenshot({ path: `${screenshotDir}/after-renewal.png` });

  // 2. The renewed token expires too; a save queued now is refused once, renewed once, and stored exactly once.
  await waitUntilExpired(portal.issuedTokens().at(-1) ?? '');
  const answersBeforeSave = seen.responses.length;
  await save.click();
  await expect.poll(() => seen.responses.slice(answersBeforeSave).filter((answer) => answer.method === 'POST' && answer.path.endsWith('/annotations')).map((answer) => answer.status), { timeout: 30_000 }).toEqual([401, 201]);
  expect(portal.requests().refresh).toBe(refreshesBefore + 2);
  expect(portal.issuedTokens()).toHaveLength(tokensBefore + 2);
  await expect(annotator.alert).toHaveCount(0);
  const created = seen.responses.filter((answer) => answer.method === 'POST' && answer.path.endsWith('/annotations') && answer.status === 201);
  expect(created).toHaveLength(1);
  const savedItems = (JSON.parse(created[0]?.body ?? '{}') as { items?: Array<{ annotatedResourceId?: number }> }).items ?? [];
  const savedFileId = savedItems[0]?.annotatedResourceId;
  if (savedFileId === undefined) throw new Error('the save request names no file');
  // Stored exactly once per polygon sent: the refused attempt left nothing behind.
  expect(await listAnnotations(savedFileId, portal.issuedTokens().at(-1) ?? '')).toHaveLength(savedItems.length);

  // 3. No token in any URL the page requested, in the app's address, or in what the app's origin stores.
  const tokens = portal.issuedTokens();
  const frame = appFrame(page);
  const storage = await appStorage(frame);
  expect(storage.databases).toBeGreaterThan(0);
  for (const token of tokens) {
    const signature = token.split('.')[2] ?? token;
    for (const url of [...seen.urls, frame.url(), page.url()]) expect(url).not.toContain(signature);
    expect(storage.text).not.toContain(signature);
  }
});

test('a token for another project is a 403 the user sees explained, without a renewal loop', async ({ page }) => {
  const seen = watch(page);
  const { annotator, portal } = await openInPortal(page, 'other');
  const alert = annotator.alert.first();
  await expect(alert).toContainText('No access to project "demo"');
  await expect(alert).toContainText('403');
  await expect(alert).toContainText('Ask a CDF administrator');
  await expect(alert).toContainText(`"${PROJECT_CLAIM}" claim lists "other"`);
  await page.screenshot({ path: `${screenshotDir}/other-project.png` });
  expect(seen.responses.some((answer) => answer.status === 403)).toBe(true);
  // A 403 is not cured by a new token: the app never asked the host for one.
  expect(portal.requests().refresh).toBe(0);
});

test('requests refused together after expiry share one renewal', async ({ page }) => {
  test.setTimeout(90_000);
  const seen = watch(page);
  const { annotator, portal } = await openInPortal(page, 'demo');
  await annotator.waitForImage();
  const { refresh: refreshesBefore } = portal.requests();
  const tokensBefore = portal.issuedTokens().length;
  await waitUntilExpired(portal.issuedTokens().at(-1) ?? '');
  const answersBefore = seen.responses.length;
  // Opening another image sends several calls at once (metadata, download link, saved annotations), all refused.
  await annotator.fileButton('astronaut.png').click();
  await expect(annotator.fileButton('astronaut.png')).toHaveAttribute('aria-current', 'true');
  await annotator.waitForImage();
  await expect(annotator.alert).toHaveCount(0);
  const refused = seen.responses.slice(answersBefore).filter((answer) => answer.status === 401);
  expect(refused.length).toBeGreaterThanOrEqual(2);
  expect(portal.requests().refresh).toBe(refreshesBefore + 1);
  expect(portal.issuedTokens()).toHaveLength(tokensBefore + 1);
});

test('signed in with OIDC: the emulator accepts the provider\'s JWT, and a 401 renews the session once and carries on', async ({ page }) => {
  test.setTimeout(90_000);
  const seen = watch(page);
  const issuedToApp: string[] = [];
  page.on('response', async (response) => {
    if (response.url() !== `${provider.issuer}/token` || response.status() !== 200) return;
    issuedToApp.push(((await response.json()) as { access_token: string }).access_token);
  });
  const config = { baseUrl: emulator.url, project: 'demo', auth: { mode: 'oidc', authority: provider.issuer, clientId: provider.clientId, scopes: ['profile', SCOPE] } };
  await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  // The provider's login page links a web font; there is no internet here.
  await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
  await page.goto(`/?fileExternalId=${FILE_EXTERNAL_ID}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('input[name="login"]').fill('ada');
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  const annotator = new AnnotatorPage(page);
  await annotator.waitForImage();
  await expect(annotator.alert).toHaveCount(0);

  // CDF refuses the next call once (as it would a token revoked or expired early): the session renews silently.
  const faults = await fetch(`${emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await serviceToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ faults: [{ type: 'http', method: 'POST', path: '/api/v1/projects/demo/context/vision/segment', status: 401, times: 1, message: 'Unauthorized: injected' }] }),
  });
  expect(faults.ok).toBe(true);
  const tokenResponsesBefore = provider.tokenResponses();
  const answersBefore = seen.responses.length;
  await annotator.clickAtNormalized(0.45, 0.45);
  await expect(page.getByRole('button', { name: 'Save annotation' })).not.toHaveAttribute('aria-disabled', 'true', { timeout: 30_000 });
  const jobAnswers = seen.responses.slice(answersBefore).filter((answer) => answer.path.endsWith('/context/vision/segment'));
  expect(jobAnswers.map((answer) => answer.status)).toEqual([401, 200]);
  expect(jobAnswers[1]?.body).toBe(jobAnswers[0]?.body);
  expect(provider.tokenResponses()).toBe(tokenResponsesBefore + 1);
  await expect(page.getByText('Signed in as ada')).toBeVisible();
  await expect(annotator.alert).toHaveCount(0);

  // The JWTs stay in memory: not in a URL, not in storage.
  expect(issuedToApp.length).toBeGreaterThanOrEqual(2);
  const storage = await appStorage(page.mainFrame());
  for (const token of issuedToApp) {
    const signature = token.split('.')[2] ?? token;
    for (const url of [...seen.urls, page.url()]) expect(url).not.toContain(signature);
    expect(storage.text).not.toContain(signature);
  }
});
