import type { CaptureStateEvent, RepeatStateEvent, SendProgressEvent } from '@shared/contract/session-tasks';
import type { AppState } from './app-state';
import type { AppStore } from './app-store';

/*
 * How the engine's reports on a session's long-running work land in the store (routed by session id in
 * app-store.ts). A task that stops with an error says so next to its control.
 */

export function applyRepeatState(store: AppStore, event: RepeatStateEvent): void {
  store.setState({ repeat: { running: event.running, sent: event.sent, skipped: event.skipped, isFinal: !event.running } });
  if (!event.running && event.error) store.getState().showError('send', event.error);
}

export function applyCaptureState(store: AppStore, event: CaptureStateEvent): void {
  store.setState({ capture: { active: event.active, path: event.path, bytes: event.bytes, pendingBytes: event.pendingBytes } });
  if (event.error) {
    // The file failed (disk full, removed, no permission): the box unchecks so the next open does not retry blindly.
    store.setState({ captureEnabled: false });
    store.getState().showError('capturePath', event.error);
  }
}

/** Progress only: the outcome (and any error) is the answer to session.sendFile (file-send-slice.ts). */
export function applySendProgress(store: AppStore, event: SendProgressEvent): void {
  const { fileSend } = store.getState();
  if (fileSend?.done && !event.done) return; // a late throttled report after the final answer
  store.setState({
    fileSend: { path: event.path, bytesSent: event.bytesSent, totalBytes: event.totalBytes, done: event.done, cancelled: event.cancelled === true },
  });
}

/** The session is gone (closed, host lost): whatever the engine was doing for it has stopped. */
export function tasksEnded(s: AppState): Partial<AppState> {
  return {
    ...(s.repeat?.running ? { repeat: { ...s.repeat, running: false } } : {}),
    ...(s.capture?.active ? { capture: { ...s.capture, active: false } } : {}),
  };
}
