/**
 * One annotation outbox per CDF client (base URL + project), opened once by OutboxProvider and shared: the save button,
 * the Annotations list, the page hooks and the host bridge all talk to the same queue, so two components never send
 * the same write twice. Confirmations are observable with `useOutboxConfirmations` (the embedding bridge posts
 * `annotator:annotations-changed` from them; the save flow marks `annotator:annotation-saved`).
 */
import { createContext, useContext, useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import type { CdfClient } from '../api/client';
import { openOutbox, type Outbox, type OutboxConfirmation } from '../features/annotations';

const OutboxContext = createContext<Outbox | null>(null);

/** Opened outboxes by client, so a re-render (or StrictMode's double effects) never opens a second queue. */
const opened = new WeakMap<CdfClient, Promise<Outbox>>();

function outboxFor(client: CdfClient): Promise<Outbox> {
  let outbox = opened.get(client);
  if (outbox === undefined) {
    outbox = openOutbox(client);
    opened.set(client, outbox);
  }
  return outbox;
}

/** Provides the client's outbox; renders `children` at once and the outbox (null meanwhile) as soon as it is open. */
export function OutboxProvider({ client, children }: { readonly client: CdfClient; readonly children: ReactNode }) {
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  useEffect(() => {
    let current = true;
    outboxFor(client).then(
      (value) => current && setOutbox(value),
      (cause: unknown) => current && setFailure(cause instanceof Error ? cause : new Error(String(cause))),
    );
    return () => {
      current = false;
    };
  }, [client]);
  // A failure to open even the in-memory queue is a bug: let the error boundary show it rather than lose saves silently.
  if (failure !== null) throw failure;
  return <OutboxContext value={outbox}>{children}</OutboxContext>;
}

/** The outbox, or null while it opens. */
export function useOutbox(): Outbox | null {
  return useContext(OutboxContext);
}

/** Calls `listener` for every write CDF confirms (creates, status changes, deletions) while mounted. */
export function useOutboxConfirmations(listener: (confirmation: OutboxConfirmation) => void): void {
  const outbox = useOutbox();
  const onConfirmed = useEffectEvent(listener);
  useEffect(() => (outbox === null ? undefined : outbox.onConfirmed((confirmation) => onConfirmed(confirmation))), [outbox]);
}

