// One rule for finding Electron, shared with `npm start` (scripts/electron-binary.mjs).
export { findElectronBinary, type ElectronBinary } from '../../scripts/electron-binary.mjs';
