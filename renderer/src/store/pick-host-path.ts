import { isAbsoluteHostPath } from '@shared/contract/session-tasks';
import type { RendererTransport } from '../transport/host-link';
import { pathDialogStore, type PathAnswer, type PathDialogStore, type PathRequest } from './path-dialog-store';

/**
 * "Browse…": a path on the host's machine, chosen by the user, or null when they cancelled. The OS's own dialog
 * where the host can show one (Electron, through system.pickPath), the page's folder browser where it cannot (the
 * browser host: PathDialog.tsx, browsing with system.listDirectory). RendererTransport.pathPicker says which.
 * `defaultPath` is passed on only when it is absolute (a half-typed field is no place to start).
 */
export function pickHostPath(transport: RendererTransport, request: PathRequest, dialog: PathDialogStore = pathDialogStore): Promise<PathAnswer> {
  const defaultPath = request.defaultPath?.trim();
  const args = { purpose: request.purpose, ...(defaultPath && isAbsoluteHostPath(defaultPath) ? { defaultPath } : {}) };
  return transport.pathPicker === 'native' ? transport.invoke('system.pickPath', args) : dialog.getState().open(transport, args);
}
