export type ElectronBinary = { readonly path: string; readonly reason?: undefined } | { readonly path?: undefined; readonly reason: string };

/** The Electron executable, or why there is none; never starts the `electron` package's download. */
export function findElectronBinary(): ElectronBinary;
