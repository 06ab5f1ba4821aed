import { describeError, type ErrorDescription } from '../lib/errorDescription';

interface ErrorAlertProps {
  /** An error (described with describeError) or a ready description. */
  error: unknown;
  /** Shown as a "Try again" button when the error is retryable. */
  onRetry?: (() => void) | undefined;
}

/** The one way errors are shown: `role="alert"`, the message, the request id when known, and a retry button. */
export function ErrorAlert({ error, onRetry }: ErrorAlertProps) {
  const description: ErrorDescription = isDescription(error) ? error : describeError(error);
  return (
    <div role="alert" className="error-alert">
      <p className="error-title">{description.title}</p>
      <p className="error-detail">{description.detail}</p>
      {description.requestId !== undefined && (
        <p className="error-request-id">
          Request id: <code>{description.requestId}</code>
        </p>
      )}
      {onRetry !== undefined && description.retryable && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

function isDescription(value: unknown): value is ErrorDescription {
  return typeof value === 'object' && value !== null && 'title' in value && 'detail' in value && 'retryable' in value;
}
