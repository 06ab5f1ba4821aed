import type { ReactNode } from 'react';
import { useRuntimeConfig } from './cdfContext';
import { ErrorBoundary } from './ErrorBoundary';
import { AccountStatus } from './SignIn';

interface AppLayoutProps {
  /** Buttons above the canvas (prompting and segmentation controls). */
  toolbar?: ReactNode;
  /** The image list, left of the canvas. */
  files: ReactNode;
  /** The canvas region: fills the middle. */
  canvas: ReactNode;
  /** The right-hand panel: job status, segments list, alerts. */
  sidePanel?: ReactNode;
  /** A message above the canvas (why an embedding page's command was not carried out). */
  notice?: ReactNode;
}

/**
 * The page grid: header with the toolbar row, the image list, the canvas region and a side panel. Each area has its
 * own error boundary, so a crash in one leaves the others usable.
 */
export function AppLayout({ toolbar, files, canvas, sidePanel, notice }: AppLayoutProps) {
  const config = useRuntimeConfig();
  // Without the list (an embedding page drives navigation) the canvas takes its column.
  return (
    <div className={config.ui.fileList ? 'app-shell' : 'app-shell app-shell--no-files'}>
      <header className="app-header">
        <h1 className="app-title">CDF image annotator</h1>
        <div className="toolbar" role="group" aria-label="Annotation tools">
          <ErrorBoundary area="the toolbar">{toolbar}</ErrorBoundary>
        </div>
        <p className="connection muted" title="CDF base URL and project">
          {config.project} @ {config.baseUrl}
        </p>
        <AccountStatus />
      </header>
      {config.ui.fileList && (
        <nav className="files-panel" aria-label="Project images">
          <ErrorBoundary area="the image list">{files}</ErrorBoundary>
        </nav>
      )}
      <main className="canvas-panel">
        {notice}
        <ErrorBoundary area="the canvas">{canvas}</ErrorBoundary>
      </main>
      <aside className="side-panel" aria-label="Segmentation">
        <ErrorBoundary area="the side panel">{sidePanel}</ErrorBoundary>
      </aside>
    </div>
  );
}
