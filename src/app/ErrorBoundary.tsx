import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { GENERIC_ERROR_TITLE, describeError } from '../lib/errorDescription';

interface ErrorBoundaryProps {
  children: ReactNode;
  /** What the boundary guards, e.g. "the canvas"; shown in the alert. */
  area: string;
  /** Runs before the retry re-renders the area (e.g. to drop a cached failed promise). */
  onReset?: () => void;
}

interface ErrorBoundaryState {
  error: unknown;
  failed: boolean;
}

/**
 * Catches a render crash in one area so the rest of the app keeps working, and shows it as an alert with a retry
 * that re-renders the area. The crash is also logged, so it reaches the console and any error reporting.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: undefined, failed: false };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(`Crash in ${this.props.area}`, error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    const described = describeError(this.state.error);
    // A known error keeps its own title; an unexpected crash says where it happened.
    const title = described.title === GENERIC_ERROR_TITLE ? `Something broke in ${this.props.area}` : described.title;
    return (
      <ErrorAlert
        error={{ ...described, title }}
        onRetry={() => {
          this.props.onReset?.();
          this.setState({ error: undefined, failed: false });
        }}
      />
    );
  }
}
