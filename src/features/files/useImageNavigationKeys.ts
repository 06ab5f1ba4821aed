/** Installs the global next / previous image keys (D / A, see imageNavigation.ts) on the window. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useEffectEvent } from 'react';
import { fileQueries } from '../../api/queries';
import { useCdfClient } from '../../api/clientContext';
import { keyEventDataFrom } from '../../lib/keyEvents';
import { globalImageStepFor, idAfterStep, type ImageStep } from './imageNavigation';
import { chooseFile } from './selectedFile';
import { useCurrentFileId } from './useCurrentFile';

export function useImageNavigationKeys(): void {
  const client = useCdfClient();
  const list = useQuery(fileQueries.imageList(client));
  const currentId = useCurrentFileId();
  const go = useEffectEvent((step: ImageStep) => {
    const files = list.data?.files;
    if (files === undefined) return;
    const target = idAfterStep(
      files.map((file) => file.id),
      currentId,
      step,
    );
    if (target !== null) chooseFile({ id: target });
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const step = globalImageStepFor(keyEventDataFrom(event));
      if (step === null) return;
      event.preventDefault();
      go(step);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
