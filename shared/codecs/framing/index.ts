// The framing module's public face (re-exported by shared/index.ts). ByteQueue, the cutters and the length-field
// arithmetic stay inside: the engine and the UI need the spec, its checks and the framer only.
export type {
  DelimiterFramingSpec,
  FixedFramingSpec,
  FramedMessage,
  FramingCut,
  FramingKind,
  FramingSpec,
  IdleFramingSpec,
  LengthFramingSpec,
  NoneFramingSpec,
} from './spec';
export { DEFAULT_FRAMING, FRAMING_KINDS, FRAMING_LIMITS, framingMaxMessageBytes } from './spec';
export { checkFramingSpec } from './check-spec';
export { parseDelimiter } from './delimiter';
export { StreamFramer } from './stream-framer';
