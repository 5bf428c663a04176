import { createStore, type StoreApi } from 'zustand';
import { ok, type AppError, type Result } from '@shared/contract/errors';
import type { DirectoryEntry, DirectoryListing, PathPurpose } from '@shared/contract/commands';
import { isAbsoluteHostPath } from '@shared/contract/session-tasks';
import type { Transport } from '@shared/contract/transport';
import { fileNameProblem, joinHostPath, splitHostPath, type FileNameProblem } from './host-path';

/*
 * The page's own folder browser (PathDialog.tsx), for a host that shows no file dialog of its own (the browser
 * host: RendererTransport.pathPicker 'in-page'). It browses the engine's machine with system.listDirectory and
 * answers what system.pickPath would: the chosen path, or null when cancelled. One dialog for the page: it is modal.
 */

export interface PathRequest {
  readonly purpose: PathPurpose;
  /** Where to start: the path in the field (its folder is listed, its name chosen), if it is absolute. */
  readonly defaultPath?: string;
}

export type PathAnswer = Result<{ readonly path: string | null }>;

/** The row of the list that goes up a level ("..": no entry has that name). */
export const UP_ROW = '..';

/** What the dialog itself says is wrong with OK: no file chosen, a bad name, a name that is not a file. */
export type PathDialogProblem = FileNameProblem | 'chooseFile' | 'notRegular';

export interface PathDialogState {
  /** The open request's purpose; null while the dialog is closed. */
  readonly purpose: PathPurpose | null;
  /** The folder shown; null until the first listing answers. */
  readonly listing: DirectoryListing | null;
  readonly isLoading: boolean;
  /** Why the last listing failed (the folder shown stays), from the engine. */
  readonly error: AppError | null;
  /** Why OK did nothing. */
  readonly problem: PathDialogProblem | null;
  /** The folder field as typed; a listing puts its path there. */
  readonly pathInput: string;
  /** The highlighted row: an entry's name, UP_ROW, or null. */
  readonly activeName: string | null;
  /** Capture: the name of the file to save as, in the folder shown. */
  readonly fileName: string;
  /** Names starting with "." (hidden on POSIX) are listed; kept from one opening to the next. */
  readonly showHidden: boolean;
  /** Opens the dialog (a dialog still open is answered as cancelled first); resolves with the user's choice. */
  open(transport: Pick<Transport, 'invoke'>, request: PathRequest): Promise<PathAnswer>;
  /** Lists `path` (absolute); the user's home when absent. */
  navigate(path?: string): Promise<void>;
  goUp(): Promise<void>;
  setPathInput(text: string): void;
  /**
   * Enter in the folder field: lists what was typed. A file's path lists its folder and chooses the file; for a
   * capture, so does a path that does not exist yet, when its folder does.
   */
  submitPathInput(): Promise<void>;
  setFileName(text: string): void;
  setShowHidden(on: boolean): void;
  /** Highlights a row; for a capture, a file's name also becomes the name to save as. */
  setActive(name: string | null): void;
  /** Enter or a double click on a row: up, into a folder, or a file chosen (and OK). */
  openRow(name: string): Promise<void>;
  /** OK. */
  confirm(): Promise<void>;
  /** Cancel, Escape, or the dialog going away. Nothing happens when it is closed. */
  cancel(): void;
}

export type PathDialogStore = StoreApi<PathDialogState>;

/** "capture-20250102-150405.bin": the name offered when the field has none (as the field's example and Electron's). */
export function defaultCaptureName(now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `capture-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}.bin`;
}

/** The rows the list shows: ".." when there is a folder above, then the entries (hidden ones only when asked for). */
export function visibleRows(state: Pick<PathDialogState, 'listing' | 'showHidden' | 'activeName'>): readonly (typeof UP_ROW | DirectoryEntry)[] {
  const { listing } = state;
  if (!listing) return [];
  const entries = state.showHidden ? listing.entries : listing.entries.filter((entry) => !entry.name.startsWith('.') || entry.name === state.activeName);
  return listing.parent === null ? entries : [UP_ROW, ...entries];
}

export function entryNamed(listing: DirectoryListing | null, name: string | null): DirectoryEntry | undefined {
  return name === null ? undefined : listing?.entries.find((entry) => entry.name === name);
}

const CLOSED = {
  purpose: null,
  listing: null,
  isLoading: false,
  error: null,
  problem: null,
  pathInput: '',
  activeName: null,
  fileName: '',
} as const;

export function createPathDialogStore(now: () => Date = () => new Date()): PathDialogStore {
  return createStore<PathDialogState>()((set, get) => {
    let transport: Pick<Transport, 'invoke'> | undefined;
    let answer: ((result: PathAnswer) => void) | undefined;
    /** Moves on with every listing asked for and every opening: an answer for an older one is dropped. */
    let generation = 0;

    const finish = (result: PathAnswer): void => {
      const resolve = answer;
      answer = undefined;
      generation++;
      set({ ...CLOSED });
      resolve?.(result);
    };

    /** Lists `path` and, when it answers in time for the dialog still to want it, shows it. */
    const list = async (path: string | undefined): Promise<Result<DirectoryListing> | undefined> => {
      if (!transport) return undefined;
      const mine = ++generation;
      set({ isLoading: true });
      const result = await transport.invoke('system.listDirectory', path === undefined ? {} : { path });
      if (mine !== generation) return undefined;
      set({ isLoading: false });
      return result;
    };

    const show = (listing: DirectoryListing, activeName: string | null = null): void =>
      set({ listing, pathInput: listing.path, error: null, problem: null, activeName });

    const chooseIn = (listing: DirectoryListing, name: string): void => {
      show(listing, name);
      if (get().purpose === 'capture') set({ fileName: name });
    };

    const navigate = async (path?: string, activeName: string | null = null): Promise<void> => {
      const result = await list(path);
      if (!result) return;
      if (result.ok) show(result.value, activeName);
      else set({ error: result.error, problem: null });
    };

    const resolvePath = (path: string): void => finish(ok({ path }));

    return {
      ...CLOSED,
      showHidden: false,

      open(nextTransport, request) {
        if (answer) finish(ok({ path: null }));
        transport = nextTransport;
        const given = request.defaultPath && isAbsoluteHostPath(request.defaultPath) ? splitHostPath(request.defaultPath) : undefined;
        const name = given?.name ?? '';
        set({
          ...CLOSED,
          purpose: request.purpose,
          fileName: request.purpose === 'capture' ? name || defaultCaptureName(now()) : '',
          isLoading: true,
        });
        const answered = new Promise<PathAnswer>((resolve) => (answer = resolve));
        void (async () => {
          const first = await list(given?.dir ?? undefined);
          if (!first) return;
          if (first.ok) return show(first.value, name || null);
          // The field's folder is gone (or unreadable): start at home, and say why.
          const home = given?.dir ? await list(undefined) : undefined;
          if (home?.ok) show(home.value);
          set({ error: first.error });
        })();
        return answered;
      },

      navigate: (path) => navigate(path),

      async goUp() {
        const listing = get().listing;
        if (!listing?.parent) return;
        // The folder we came from stays highlighted, as file managers do.
        await navigate(listing.parent, splitHostPath(listing.path).name || null);
      },

      setPathInput: (pathInput) => set({ pathInput }),

      async submitPathInput() {
        const typed = get().pathInput.trim();
        if (!isAbsoluteHostPath(typed)) {
          set({ error: { code: 'INVALID_ARGUMENT', message: 'The path must be absolute', params: { field: 'path', reason: 'absolutePath' } }, problem: null });
          return;
        }
        const result = await list(typed);
        if (!result) return;
        if (result.ok) return show(result.value);
        const isFile = result.error.params?.reason === 'notDirectory';
        const isNewFile = get().purpose === 'capture' && result.error.code === 'NOT_FOUND';
        const { dir, name } = splitHostPath(typed);
        if ((isFile || isNewFile) && dir !== null && name !== '') {
          const folder = await list(dir);
          if (folder?.ok) return chooseIn(folder.value, name);
        }
        set({ error: result.error, problem: null });
      },

      // The user moved on: what the last failure said (also why the dialog started at home) is stale now.
      setFileName: (fileName) => set({ fileName, problem: null, error: null }),
      setShowHidden: (showHidden) => set({ showHidden }),

      setActive(name) {
        set({ activeName: name, problem: null, error: null });
        const entry = entryNamed(get().listing, name);
        if (entry?.kind === 'file' && get().purpose === 'capture') set({ fileName: entry.name });
      },

      async openRow(name) {
        const { listing } = get();
        if (!listing) return;
        if (name === UP_ROW) return get().goUp();
        const entry = entryNamed(listing, name);
        if (!entry) return;
        if (entry.kind === 'directory') return navigate(joinHostPath(listing.path, entry.name, listing.separator));
        get().setActive(name);
        await get().confirm();
      },

      async confirm() {
        const { purpose, listing, activeName, fileName } = get();
        if (!purpose || !listing || get().isLoading) return;
        if (purpose === 'sendFile') {
          const entry = entryNamed(listing, activeName);
          if (entry?.kind === 'directory') return navigate(joinHostPath(listing.path, entry.name, listing.separator));
          if (entry?.kind === 'file') return resolvePath(joinHostPath(listing.path, entry.name, listing.separator));
          set({ problem: entry ? 'notRegular' : 'chooseFile' });
          return;
        }
        const name = fileName.trim();
        const problem = fileNameProblem(name, listing.separator);
        if (problem) return set({ problem });
        const existing = entryNamed(listing, name);
        // A folder's name: into it, as a native save dialog does, keeping the name offered before.
        if (existing?.kind === 'directory') {
          await navigate(joinHostPath(listing.path, name, listing.separator));
          if (get().fileName === fileName) set({ fileName: defaultCaptureName(now()) });
          return;
        }
        if (existing?.kind === 'other') return set({ problem: 'notRegular' });
        resolvePath(joinHostPath(listing.path, name, listing.separator));
      },

      cancel() {
        if (answer) finish(ok({ path: null }));
      },
    };
  });
}

/** The page's one folder browser; PathDialog.tsx shows it while a request is open. */
export const pathDialogStore: PathDialogStore = createPathDialogStore();
