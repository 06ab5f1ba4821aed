/**
 * Standalone sign-in (`auth.mode: "oidc"`) against a real OpenID Connect provider started for each test on loopback
 * (e2e/oidcTestProvider.ts): the redirect with PKCE, the callback that puts the opened file back in the URL, the
 * emulator accepting the issued access token, a silent sign-in after a reload, automatic renewal, and a refused
 * sign-in. No internet: the provider's login page links a web font, which is refused here.
 */
import type { Page } from '@playwright/test';
import { EMULATOR_TOKEN, EMULATOR_URL, PROJECT, expect, test } from './fixtures';
import { startTestOidcProvider, type TestOidcProvider } from './oidcTestProvider';

const APP_ORIGIN = `http://127.0.0.1:${Number(process.env.E2E_APP_PORT ?? 5174)}`;
const REDIRECT_URI = `${APP_ORIGIN}/`;

let provider: TestOidcProvider | undefined;

test.afterEach(async () => {
  await provider?.close();
  provider = undefined;
});

async function useOidcConfig(page: Page, options: { accessTokenTtlSeconds?: number } = {}): Promise<TestOidcProvider> {
  provider = await startTestOidcProvider({ redirectUri: REDIRECT_URI, accessToken: EMULATOR_TOKEN, names: { ada: 'Ada Lovelace' }, ...options });
  const config = {
    baseUrl: EMULATOR_URL,
    project: PROJECT,
    auth: { mode: 'oidc', authority: provider.issuer, clientId: provider.clientId, scopes: ['profile'] },
  };
  await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
  return provider;
}

/** The provider's development login and consent pages. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('signs in through the provider, comes back to the opened file, and the emulator accepts the token', async ({ page, annotator }) => {
  const idp = await useOidcConfig(page);
  await page.goto('/?fileExternalId=sample:coffee');

  // The silent attempt finds no session at the provider: the app asks the user to sign in.
  const signIn = page.getByRole('button', { name: 'Sign in' });
  await expect(signIn).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await signIn.click();

  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await signInAtProvider(page, 'ada');

  // Back at the app: the code and state are gone from the URL, the file the user opened is back.
  await expect(page).toHaveURL(`${APP_ORIGIN}/?fileExternalId=sample:coffee`);
  await expect(page.getByText('Signed in as Ada Lovelace')).toBeVisible();
  await annotator.waitForImage();
  await expect(annotator.fileList.getByRole('button', { name: 'coffee.png' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(idp.tokenResponses()).toBe(1);

  // Tokens are kept in memory only.
  const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  expect(stored).not.toContain(EMULATOR_TOKEN);
  expect(stored).not.toContain('id_token');

  // A reload forgets the tokens; the provider's session signs the user in again silently, keeping the file.
  await page.reload();
  await expect(page.getByText('Signed in as Ada Lovelace')).toBeVisible();
  await annotator.waitForImage();
  await expect(page).toHaveURL(`${APP_ORIGIN}/?fileExternalId=sample:coffee`);
  expect(idp.tokenResponses()).toBe(2);
});

test('renews the access token before it expires, without a reload', async ({ page, annotator }) => {
  // oidc-client-ts renews 60 s before expiry, so a 64 s token is renewed about 4 s after sign-in.
  const idp = await useOidcConfig(page, { accessTokenTtlSeconds: 64 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInAtProvider(page, 'ada');
  await annotator.waitForImage();
  expect(idp.tokenResponses()).toBe(1);
  await expect.poll(() => idp.tokenResponses(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByText('Signed in as Ada Lovelace')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a sign-in refused at the provider is an alert, with a way to try again', async ({ page }) => {
  const idp = await useOidcConfig(page);
  await page.goto('/?fileId=42');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.getByRole('link', { name: '[ Cancel ]' }).click();

  await expect(page.getByRole('alert')).toContainText('Sign-in failed');
  await expect(page.getByRole('alert')).toContainText('access_denied');
  await expect(page).toHaveURL(`${APP_ORIGIN}/?fileId=42`);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(idp.tokenResponses()).toBe(0);
});
