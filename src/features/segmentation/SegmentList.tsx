/**
 * `role="list"` named `Segments`: one row per candidate, best score first, with score (two decimals), polygon count
 * and vertex count. Click or number keys 1–9 choose; hovering or focusing a row outlines its shape on the canvas.
 */
import type { CdfClient } from '../../api/client';
import type { Segment } from '../../../contract/segment';
import { useAnnotationActions } from '../../store/annotationStore';
import { useDisplayedResult } from './useDisplayedResult';

export function vertexCount(segment: Segment): number {
  return segment.polygons.reduce((sum, polygon) => sum + polygon.vertices.length, 0);
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function SegmentList({ client }: { readonly client: CdfClient }) {
  const { segments, stale, jobId, selectedIndex } = useDisplayedResult(client);
  const { candidateSelected, candidateHovered } = useAnnotationActions();

  return (
    <section className="segment-list" aria-labelledby="segments-heading">
      <h2 id="segments-heading">Segments{stale ? ' (earlier prompts)' : ''}</h2>
      {jobId === null && <p className="hint">No result for these prompts yet.</p>}
      {jobId !== null && segments.length === 0 && <p className="hint">The job found no object.</p>}
      <ul role="list" aria-label="Segments" className={stale ? 'stale' : undefined} onMouseLeave={() => candidateHovered(null)}>
        {segments.map((segment, index) => {
          const selected = index === selectedIndex;
          return (
            <li key={index} aria-current={selected ? 'true' : undefined}>
              <button
                type="button"
                aria-pressed={selected}
                aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}
                onClick={() => candidateSelected(index)}
                onMouseEnter={() => candidateHovered(index)}
                onFocus={() => candidateHovered(index)}
                onBlur={() => candidateHovered(null)}
              >
                <span className="candidate-rank">{index + 1}.</span> score {segment.score.toFixed(2)} ·{' '}
                {plural(segment.polygons.length, 'polygon')} · {`${vertexCount(segment)} ${vertexCount(segment) === 1 ? 'vertex' : 'vertices'}`}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
