/**
 * `Save annotation` (button and S): the selected candidate of the current prompts' completed result, with the chosen
 * label, becomes one CDF annotation per polygon (buildSaveItems) queued in the outbox; the prompts clear at once so
 * the next object can start while the outbox sends. `creatingUser` is read from the access token's claims once per
 * session (the user does not change with a token renewal), so a save never waits for a token.
 */
import { useEffect, useState } from 'react';
import type { CdfClient } from '../api/client';
import { creatingUserFromToken } from '../api/tokenClaims';
import { buildSaveItems } from '../features/annotations';
import { useDisplayedResult } from '../features/segmentation/useDisplayedResult';
import { useAnnotationStore } from '../store/annotationStore';
import { useChosenLabel, useLabelSuggestionsStore } from '../store/labelSuggestions';
import { useSavedAnnotationsView } from '../store/savedAnnotationsView';
import { useRuntimeConfig, useTokenProvider } from './cdfContext';
import { useOutbox } from './outboxContext';
import packageJson from '../../package.json' with { type: 'json' };

export const CREATING_APP = packageJson.name;
export const CREATING_APP_VERSION = packageJson.version;

export interface SaveAnnotation {
  /** A completed result for the current prompts is on screen and the outbox is open. */
  readonly canSave: boolean;
  readonly save: () => void;
  /** Why the last save was refused (a bad label, no polygon), while the label, result and image are still those it
   * was refused for; null once any of them changes or after a good save. */
  readonly message: string | null;
}

export function useSaveAnnotation(client: CdfClient, fileId: number | null): SaveAnnotation {
  const outbox = useOutbox();
  const config = useRuntimeConfig();
  const getToken = useTokenProvider();
  const { segments, selectedIndex, stale, jobId } = useDisplayedResult(client);
  const shownImage = useSavedAnnotationsView((s) => s.shownImage);
  const [creatingUser, setCreatingUser] = useState<string | null>(null);
  // A refusal is about one label, one result and one image: it is shown only while all three are unchanged, so
  // "Type a label before saving." goes away as soon as a label is typed.
  const [refusal, setRefusal] = useState<{ message: string; label: string; jobId: typeof jobId; fileId: number | null } | null>(null);
  const chosenLabel = useChosenLabel();
  const message = refusal !== null && refusal.label === chosenLabel && refusal.jobId === jobId && refusal.fileId === fileId ? refusal.message : null;

  useEffect(() => {
    if (getToken === null) return undefined;
    let current = true;
    getToken().then(
      (token) => current && setCreatingUser(creatingUserFromToken(token)),
      // No token yet (signed out, host not answering): saves name no user until one comes; the client reports the failure itself.
      (cause: unknown) => console.warn('creatingUser: could not read the access token', cause),
    );
    return () => {
      current = false;
    };
  }, [getToken]);

  const segment = jobId !== null && !stale ? segments[selectedIndex] : undefined;
  const image = shownImage !== null && shownImage.fileId === fileId ? shownImage : null;
  const canSave = outbox !== null && fileId !== null && segment !== undefined && image !== null;

  const save = () => {
    if (!canSave) return;
    const label = useLabelSuggestionsStore.getState().chosenLabel;
    const result = buildSaveItems({
      fileId,
      image,
      polygons: segment.polygons,
      score: segment.score,
      label,
      status: config.annotation.status,
      creatingApp: CREATING_APP,
      creatingAppVersion: CREATING_APP_VERSION,
      creatingUser,
    });
    if (!result.ok) {
      setRefusal({ message: result.message, label, jobId, fileId });
      return;
    }
    setRefusal(null);
    outbox.save(fileId, result.items);
    useSavedAnnotationsView.getState().actions.deletionUndoExpired();
    useAnnotationStore.getState().actions.promptsCleared();
  };
  return { canSave, save, message };
}
