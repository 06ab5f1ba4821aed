import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OidcSession, SignInStatus } from '../api/oidcSession';
import { AuthSessionContext, RuntimeConfigContext } from './cdfContext';
import type { RuntimeConfig } from './config';
import { AccountStatus, SignInGate } from './SignIn';

const config: RuntimeConfig = {
  baseUrl: 'https://westeurope-1.cognitedata.com',
  project: 'acme',
  initialFile: null,
  annotation: { labels: ['object'], status: 'approved' },
  ui: { fileList: true },
  auth: { mode: 'oidc', authority: 'https://login.example.com', clientId: 'c', scopes: ['openid'], redirectUri: 'https://app.example.com/' },
};

function fakeSession(initial: SignInStatus) {
  let status = initial;
  const listeners = new Set<() => void>();
  const signIn = vi.fn(() => Promise.resolve());
  const session: OidcSession = {
    getStatus: () => status,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getToken: () => Promise.resolve('t'),
    signIn,
    start: () => Promise.resolve(),
  };
  const setStatus = (next: SignInStatus) =>
    act(() => {
      status = next;
      for (const listener of listeners) listener();
    });
  return { session, signIn, setStatus };
}

function renderWith(session: OidcSession | null) {
  return render(
    <RuntimeConfigContext value={config}>
      <AuthSessionContext value={session}>
        <AccountStatus />
        <SignInGate>
          <p>the app</p>
        </SignInGate>
      </AuthSessionContext>
    </RuntimeConfigContext>,
  );
}

afterEach(cleanup);

describe('sign-in UI', () => {
  it('renders the app directly without a session (emulator and host modes)', () => {
    renderWith(null);
    expect(screen.getByText('the app')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
    expect(screen.queryByText(/Signed in as/)).toBeNull();
  });

  it('says it is signing in, then offers "Sign in" when the silent attempt found no session', () => {
    const { session, signIn, setStatus } = fakeSession({ state: 'starting' });
    renderWith(session);
    expect(screen.queryByText('the app')).toBeNull();
    expect(screen.getAllByRole('status')[0]?.textContent).toBe('Signing in…');
    setStatus({ state: 'signed-out', reason: 'needed' });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(signIn).toHaveBeenCalledTimes(1);
  });

  it('shows a failed sign-in as an alert next to the "Sign in" button', () => {
    const { session } = fakeSession({ state: 'signed-out', reason: 'needed', error: new Error('The identity provider answered "access_denied"') });
    renderWith(session);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Sign-in failed');
    expect(alert.textContent).toContain('access_denied');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it("shows the user's name once signed in, and keeps the app on screen when the sign-in expires", () => {
    const { session, signIn, setStatus } = fakeSession({ state: 'signed-in', userName: 'Ada Lovelace' });
    renderWith(session);
    expect(screen.getByText('the app')).toBeTruthy();
    expect(screen.getByText('Ada Lovelace').closest('p')?.textContent).toBe('Signed in as Ada Lovelace');

    setStatus({ state: 'signed-out', reason: 'expired', error: new Error('login_required') });
    expect(screen.getByText('the app')).toBeTruthy();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Your sign-in has expired (login_required).');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(signIn).toHaveBeenCalledTimes(1);
  });
});
