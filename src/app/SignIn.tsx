/**
 * The sign-in state in the UI (`auth.mode: "oidc"` only): a sign-in screen until someone is signed in, then the
 * user's name in the header; when renewal fails later, an alert with "Sign in" in the header while the app (and the
 * work in it) stays on screen.
 */
import { useSyncExternalStore, type ReactNode } from 'react';
import type { OidcSession, SignInStatus } from '../api/oidcSession';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAuthSession, useRuntimeConfig } from './cdfContext';

const NO_SESSION_STATUS: SignInStatus = { state: 'signed-in', userName: '' };
const noSubscription = () => () => undefined;

/** The session's status, re-rendering on change; a signed-in stand-in when there is no session. */
export function useSignInStatus(session: OidcSession | null): SignInStatus {
  return useSyncExternalStore(session?.subscribe ?? noSubscription, session?.getStatus ?? (() => NO_SESSION_STATUS));
}

/** Shows the sign-in screen until the session is signed in; renders `children` from then on. */
export function SignInGate({ children }: { children: ReactNode }) {
  const session = useAuthSession();
  const status = useSignInStatus(session);
  if (session === null || status.state === 'signed-in' || (status.state === 'signed-out' && status.reason === 'expired')) {
    return children;
  }
  return <SignInScreen session={session} status={status} />;
}

function SignInScreen({ session, status }: { session: OidcSession; status: SignInStatus }) {
  const config = useRuntimeConfig();
  return (
    <div className="sign-in-screen">
      <h1 className="app-title">CDF image annotator</h1>
      <p className="muted">
        Project {config.project} @ {config.baseUrl}
      </p>
      {status.state === 'starting' && <p role="status">Signing in…</p>}
      {status.state === 'redirecting' && <p role="status">Opening the sign-in page…</p>}
      {status.state === 'signed-out' && (
        <>
          {status.error !== undefined && <ErrorAlert error={{ title: 'Sign-in failed', detail: status.error.message, requestId: undefined, retryable: false }} />}
          <p>Sign in with your organization's account to open the project's images.</p>
          <button type="button" className="primary" onClick={() => void session.signIn()}>
            Sign in
          </button>
        </>
      )}
    </div>
  );
}

/** The header's account area: the user's name, or an expired sign-in with a "Sign in" button. Empty without a session. */
export function AccountStatus() {
  const session = useAuthSession();
  const status = useSignInStatus(session);
  if (session === null) return null;
  if (status.state === 'signed-in') {
    return (
      <p className="account" title="Signed in">
        Signed in as <strong>{status.userName}</strong>
      </p>
    );
  }
  if (status.state === 'signed-out') {
    // Never signed in: the sign-in screen (SignInGate) says so, not the header.
    if (status.reason === 'needed') return null;
    return (
      <div className="account account-expired" role="alert">
        <span>Your sign-in has expired{status.error !== undefined ? ` (${status.error.message})` : ''}.</span>
        <button type="button" onClick={() => void session.signIn()}>
          Sign in
        </button>
      </div>
    );
  }
  return (
    <p className="account muted" role="status">
      {status.state === 'redirecting' ? 'Opening the sign-in page…' : 'Signing in…'}
    </p>
  );
}
