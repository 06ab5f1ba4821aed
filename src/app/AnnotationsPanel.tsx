/**
 * The labelling side of the loop: the `Label` combobox, `Save annotation`, and the open image's `Annotations` list.
 * Suggestions are the deployment's labels, then labels already used in the project (from the image list's counts query).
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo, type Ref } from 'react';
import type { CdfClient } from '../api/client';
import { annotationQueries } from '../api/annotationQueries';
import { fileQueries } from '../api/queries';
import { AnnotationList } from '../features/annotations/AnnotationList';
import { LabelCombobox } from '../features/annotations/LabelCombobox';
import { allLabelSuggestions, usedLabels, validateLabel } from '../features/annotations';
import { useChosenLabel, useConfiguredLabels, useLabelSuggestionsStore } from '../store/labelSuggestions';
import { useSavedAnnotationsView, useSavedHidden, useSelectedAnnotationKey } from '../store/savedAnnotationsView';
import type { SaveAnnotation } from './useSaveAnnotation';
import type { SavedAnnotations } from './useSavedAnnotations';

export interface AnnotationsPanelProps {
  readonly client: CdfClient;
  readonly saver: SaveAnnotation;
  readonly saved: SavedAnnotations;
  readonly labelInputRef: Ref<HTMLInputElement>;
}

/** The project's image ids, for the per-image counts and the labels in use. */
export function useProjectFileIds(client: CdfClient): readonly number[] | null {
  const list = useQuery(fileQueries.imageList(client));
  return useMemo(() => list.data?.files.map((file) => file.id) ?? null, [list.data]);
}

export function AnnotationsPanel({ client, saver, saved, labelInputRef }: AnnotationsPanelProps) {
  const chosenLabel = useChosenLabel();
  const configured = useConfiguredLabels();
  const project = useQuery(annotationQueries.files(client, useProjectFileIds(client)));
  const suggestions = useMemo(() => allLabelSuggestions({ configured, used: usedLabels(project.data ?? []) }), [configured, project.data]);
  const selectedKey = useSelectedAnnotationKey();
  const savedHidden = useSavedHidden();
  const { annotationSelected, savedVisibilityToggled } = useSavedAnnotationsView((s) => s.actions);
  const { labelChosen } = useLabelSuggestionsStore((s) => s.actions);
  const outbox = saved.outbox;
  // The combobox already explains a bad label; the save's own message is for the other refusals.
  const showSaveMessage = saver.message !== null && (validateLabel(chosenLabel).ok || chosenLabel.trim() === '');

  return (
    <div className="annotations-panel">
      <div className="save-row">
        <LabelCombobox value={chosenLabel} onValueChange={labelChosen} suggestions={suggestions} inputRef={labelInputRef} />
        <button
          type="button"
          className="save-annotation"
          aria-keyshortcuts="S"
          aria-disabled={!saver.canSave}
          title={saver.canSave ? 'Save the selected candidate with this label (S)' : 'Segment an object first: a completed result is needed to save'}
          onClick={saver.save}
        >
          Save annotation
        </button>
      </div>
      {showSaveMessage && (
        <p className="label-message" role="alert">
          {saver.message}
        </p>
      )}
      <AnnotationList
        rows={saved.rows}
        selectedKey={selectedKey}
        onSelect={(key) => annotationSelected(key === selectedKey ? null : key)}
        onApprove={saved.approve}
        onReject={saved.reject}
        onDelete={saved.remove}
        onRetry={(entryId) => outbox?.retry(entryId)}
        onDiscard={(entryId) => outbox?.discard(entryId)}
        savedHidden={savedHidden}
        onToggleSavedHidden={savedVisibilityToggled}
        durable={saved.durable}
        imageOpen={saved.imageOpen}
        loadError={saved.loadError}
      />
    </div>
  );
}
