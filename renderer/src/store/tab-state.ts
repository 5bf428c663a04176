import type { StateCreator } from 'zustand';
import type { Endpoint } from '@shared/contract/endpoint';
import type { AppError } from '@shared/contract/errors';
import type { CloseReason, Protocol, ServerClientInfo, TrafficCounters } from '@shared/contract/session';
import type { DisplayMode } from '../log/format-row';
import type { LogStore } from '../log/log-store';
import type { RendererTransport } from '../transport/host-link';
import type { DirectionFilter } from '../log/row-filter';
import type { LogSearchState } from '../log/search/log-search';
import type { TextEncoding } from '@shared/codecs/encoding-list';
import type { SendChecksum, SendMode, SendSpec } from '@shared/contract/send-spec';
import type { FieldId } from '../validation/inputs';
import type { FramingConfig } from '@shared/contract/framing';
import type { FramingForm } from './framing-form';
import type { MulticastMembership } from '@shared/contract/udp-addressing';
import type { UdpAddressingForm } from './udp-addressing-form';
import type { RelaySlice } from './relay-slice';
import type { SequenceSlice } from '../sequence/sequence-state';
import type { TcpOptionsForm } from './tcp-options-form';
import type { ReconnectStatus } from '@shared/contract/tcp-options';
import type { AutoReplySlice } from '../auto-reply/auto-reply-slice';

/** What the UI shows for the open/connect button; the engine's `closing` is shown as still open. */
export type UiSessionState = 'closed' | 'opening' | 'open';

/** Where an error is shown: next to a field, or next to the action that failed ('session': the error line). */
export type ErrorSlot = FieldId | 'open' | 'send' | 'kick' | 'counters' | 'session' | 'framing' | UdpAddressingSlot | 'relayPause' | 'autoReply';

/** The latest message of the error line (data-testid="error"). */
export type Notice =
  | { readonly kind: 'error'; readonly error: AppError; readonly slot: ErrorSlot }
  | { readonly kind: 'closed'; readonly protocol: Protocol; readonly reason: CloseReason; readonly error?: AppError };

export interface ConnectionSlice {
  readonly protocol: Protocol;
  readonly localAddress: string;
  readonly localPort: string;
  readonly remoteHost: string;
  readonly remotePort: string;
  /** TCP client: optional local port to bind; empty = let the OS pick. */
  readonly clientLocalPort: string;
  /** TCP server: most clients at once, as typed; empty = no limit of its own. */
  readonly maxClients: string;
  readonly sessionState: UiSessionState;
  /** The current session, or the last one after it closed; null while a new one opens. */
  readonly sessionId: string | null;
  /** Protocol of `sessionId` (the select may change after it closed). */
  readonly sessionProtocol: Protocol | null;
  readonly local: Endpoint | null;
  readonly remote: Endpoint | null;
  /** Why the last session closed, when it was not the user's doing. */
  readonly closeReason: CloseReason | null;
  setProtocol(protocol: Protocol): void;
  setLocalAddress(value: string): void;
  setLocalPort(value: string): void;
  setRemoteHost(value: string): void;
  setRemotePort(value: string): void;
  setClientLocalPort(value: string): void;
  setMaxClients(value: string): void;
  /** 打开/关闭, 连接/断开. */
  toggleOpen(): Promise<void>;
}

export interface ReceiveSlice {
  readonly recvMode: DisplayMode;
  /** 按日志模式显示: a header line (time, direction, peer) per frame. */
  readonly logMode: boolean;
  readonly wrap: boolean;
  readonly hideRx: boolean;
  readonly autoScroll: boolean;
  readonly paused: boolean;
  /** TCP server console: show only this client's rows (and gap markers); null = everything. */
  readonly logPeerFilter: Pick<Endpoint, 'address' | 'port'> | null;
  /** The log's direction filter (rx / tx / event rows only); gap markers always show. */
  readonly logDirFilter: DirectionFilter;
  /** The log's search box: what is typed, how it is read, and whether only matching rows show. */
  readonly logSearch: LogSearchState;
  /** Δt since the previous row in the log header. */
  readonly recvDelta: boolean;
  /** 显示往返时间: each received row's RTT in its header, the session's figures in the status bar. */
  readonly recvRtt: boolean;
  setRecvRtt(on: boolean): void;
  /** 日志容量: frames the log keeps (LOG_CAPACITIES); changing it keeps the newest. */
  readonly logCapacity: number;
  /** How the ASCII view reads received bytes. */
  readonly recvEncoding: TextEncoding;
  setRecvEncoding(encoding: TextEncoding): void;
  setRecvMode(mode: DisplayMode): void;
  setLogMode(on: boolean): void;
  setWrap(on: boolean): void;
  setHideRx(on: boolean): void;
  setAutoScroll(on: boolean): void;
  setPaused(on: boolean): void;
  setLogCapacity(frames: number): void;
  setLogPeerFilter(peer: Pick<Endpoint, 'address' | 'port'> | null): void;
  setLogDirFilter(dir: DirectionFilter): void;
  setLogSearch(patch: Partial<LogSearchState>): void;
  setRecvDelta(on: boolean): void;
  clearLog(): void;
}

/** 分帧 (TCP tabs): the controls as typed (framing-form.ts), and what the open session runs with. */
export interface FramingSlice extends FramingForm {
  /** What the tab's open TCP session was last told (session.open, session.framing.set); null = not known. */
  readonly framingInForce: FramingConfig | null;
  /** Any control: checked at once (the error shows by the controls), applied to an open session once they rest. */
  setFraming(patch: Partial<FramingForm>): void;
  /** Text ⇄ HEX: the delimiter is rewritten in the other spelling when it parses. */
  setFramingDelimiterMode(mode: FramingForm['framingDelimiterMode']): void;
  /** Apply now (a control lost focus): session.framing.set if the open session's framing differs and the form checks. */
  applyFraming(): Promise<void>;
}

/** 广播 / 组播 controls, and the interface list's refresh, each say what went wrong by themselves. */
export type UdpAddressingSlot = 'broadcast' | 'multicast' | 'multicastTtl' | 'interfaces' | 'recvBuffer';

/** 广播 / 组播 (UDP tabs): the controls (udp-addressing-form.ts), each change applied at once to the open UDP session. */
export interface UdpAddressingSlice extends UdpAddressingForm {
  /** The group field as typed; not kept (a joined group is in multicastGroups). */
  readonly multicastGroupInput: string;
  setUdpBroadcast(on: boolean): Promise<void>;
  /** Checked as typed (the sentence shows by the field); a valid TTL reaches the open session. */
  setMulticastTtl(text: string): Promise<void>;
  setMulticastLoopback(on: boolean): Promise<void>;
  setMulticastInterface(name: string): Promise<void>;
  setMulticastGroupInput(text: string): void;
  /** 加入: the typed group on the chosen interface; joined now when the tab is open, else when it opens. */
  joinMulticast(): Promise<void>;
  /** 退出: left now when the tab is open; gone from the list either way. */
  leaveMulticast(membership: MulticastMembership): Promise<void>;
  /** A refresh of the interface list (by `slot`'s control) ended: its error shows there, or the last one goes. */
  noteInterfacesRefresh(slot: UdpAddressingSlot, error: AppError | null): void;
  /** 接收缓冲区 (issue 11): checked as typed (the sentence shows by the field); applied when the session opens. */
  setRecvBuffer(text: string): void;
}

/** A TCP client retrying its dropped connection (session.reconnect), as the status line shows it. */
export interface ReconnectView {
  readonly attempt: number;
  readonly phase: ReconnectStatus['phase'];
  /** Date.now() when a waiting retry starts (the status line counts down to it). */
  readonly retryAt: number;
  readonly lastError: AppError | null;
}

/** TCP options (issue 10): the controls as typed, and what the tab's TCP session says of its connection. */
export interface TcpOptionsSlice extends TcpOptionsForm {
  /** The TCP client is retrying (its state is 'opening' meanwhile); null otherwise. */
  readonly reconnect: ReconnectView | null;
  /** TCP client: the peer finished sending (FIN); the connection is still open for what the user sends. */
  readonly peerFinished: boolean;
  setTcpOptions(patch: Partial<TcpOptionsForm>): void;
}

/** One entry of 历史发送: the send box as it was sent, with every option that shaped its bytes. */
export type HistoryItem = SendSpec;

/** The checksum select: 'none', or a CHECKSUM_MODELS id. */
export type ChecksumChoiceId = string;

export interface SendSlice {
  readonly sendMode: SendMode;
  readonly escapes: boolean;
  readonly appendCrlf: boolean;
  /** ASCII mode: the text's encoding on the wire. */
  readonly sendEncoding: TextEncoding;
  /** 自动发送附加位: 'none' or a model id; the other options are kept while it is 'none'. */
  readonly checksumModel: ChecksumChoiceId;
  readonly checksumOrder: SendChecksum['order'];
  readonly checksumOutput: SendChecksum['output'];
  readonly checksumSkipStart: number;
  readonly checksumSkipEnd: number;
  /** 发送完自动清空: a single 发送 from the box that the engine accepted empties the box (send-slice.ts says when not). */
  readonly clearAfterSend: boolean;
  /** The next single send's number (template {{counter}}): +1 per successful 发送. */
  readonly sendIndex: number;
  readonly sendInput: string;
  /** UDP: "ip:port". */
  readonly udpTarget: string;
  /** TCP server: 'all', a client key, or 'selected' (the clients ticked in the client list). */
  readonly serverTarget: string;
  setSendMode(mode: SendMode): void;
  setEscapes(on: boolean): void;
  setAppendCrlf(on: boolean): void;
  setSendEncoding(encoding: TextEncoding): void;
  /** A new model also takes that model's usual byte order. */
  setChecksumModel(id: ChecksumChoiceId): void;
  setChecksumOrder(order: SendChecksum['order']): void;
  setChecksumOutput(output: SendChecksum['output']): void;
  setChecksumSkip(skip: { readonly start?: number; readonly end?: number }): void;
  setClearAfterSend(on: boolean): void;
  /** Counting starts again at send #0. */
  resetSendIndex(): void;
  setSendInput(text: string): void;
  setUdpTarget(text: string): void;
  setServerTarget(key: string): void;
  /** 历史发送 (the workspace's list): put an entry back in the send box. */
  pickHistory(item: HistoryItem): void;
  clearSendInput(): void;
  send(): Promise<void>;
  /** 快捷指令: sends `spec` (not the send box) to the tab's current target; errors show where a send's do. */
  sendSpec(spec: SendSpec): Promise<void>;
}

/** Progress of the engine's 循环发送, from `repeat.state`. */
export interface RepeatProgress {
  readonly running: boolean;
  readonly sent: number;
  readonly skipped: number;
  /** The engine reported the end: `sent` is final (a stop shows at once, its exact count follows). */
  readonly isFinal?: boolean;
}

export interface RepeatSlice {
  /** 循环周期 checkbox: when on, 发送 starts (and then stops) the engine's cyclic send instead of sending once. */
  readonly repeatEnabled: boolean;
  /** Period in ms as typed (validated on start). */
  readonly repeatPeriod: string;
  /** null until a cyclic send starts in this session. */
  readonly repeat: RepeatProgress | null;
  /** A start is on its way to the engine (the button waits for its answer). */
  readonly isRepeatStarting: boolean;
  setRepeatEnabled(on: boolean): Promise<void>;
  setRepeatPeriod(text: string): void;
  /** What 发送 / Ctrl+Enter do: send once, start the cyclic send, or stop it while it runs. */
  pressSend(): Promise<void>;
  stopRepeat(): Promise<void>;
}

/** Progress of 接收保存到文件, from `capture.state`. */
export interface CaptureProgress {
  readonly active: boolean;
  readonly path: string;
  readonly bytes: number;
  readonly pendingBytes: number;
}

export interface CaptureSlice {
  /** The checkbox: capture whenever a session is open (starts on check, and right after each open). */
  readonly captureEnabled: boolean;
  /** Absolute path on the machine that runs the engine, as typed. */
  readonly capturePath: string;
  readonly capture: CaptureProgress | null;
  setCaptureEnabled(on: boolean): Promise<void>;
  setCapturePath(text: string): void;
  /** Browse…: the host's file dialog or the page's folder browser; the path chosen fills the field. */
  browseCapturePath(): Promise<void>;
  /** Called when a session has just opened: starts the capture if the box is checked. */
  resumeCapture(): Promise<void>;
}

/** Progress of 打开文件数据源, from `send.progress`. */
export interface FileSendProgress {
  readonly path: string;
  readonly bytesSent: number;
  readonly totalBytes: number;
  readonly done: boolean;
  readonly cancelled: boolean;
}

export interface FileSendSlice {
  /** Absolute path on the machine that runs the engine, as typed. */
  readonly sendFilePath: string;
  /** True from 发送文件 until the engine answers (done, cancelled or failed). */
  readonly isFileSending: boolean;
  readonly fileSend: FileSendProgress | null;
  setSendFilePath(text: string): void;
  /** Browse…: the host's file dialog or the page's folder browser; the file chosen fills the field. */
  browseSendFilePath(): Promise<void>;
  sendFile(): Promise<void>;
  cancelSendFile(): Promise<void>;
}

export interface ClientsSlice {
  readonly clients: readonly ServerClientInfo[];
  /** Clients ticked in the client list: 发送 goes to these when the target is 'selected'. */
  readonly selectedClients: readonly string[];
  toggleClientSelected(key: string): void;
  /** Kicks `key`, or the client chosen as the send target. */
  kickClient(key?: string): Promise<void>;
}

export interface CountersSlice {
  /** Exact totals of the tab: its earlier sessions' plus the current one's (each traffic batch carries those). */
  readonly counters: TrafficCounters;
  /** The earlier sessions' part of `counters` (since the last reset): counters belong to the tab (tab-counters.ts). */
  readonly counterBase: TrafficCounters;
  resetCounters(): Promise<void>;
}

export interface NoticeSlice {
  readonly fieldErrors: Readonly<Partial<Record<ErrorSlot, AppError>>>;
  readonly notice: Notice | null;
  showError(slot: ErrorSlot, error: AppError): void;
  /** After a successful action: the error line and the per-control errors go away. */
  clearErrors(): void;
}

/** What the tab bar shows of a hidden tab: traffic arrived since the user last looked at it. */
export interface ActivitySlice {
  readonly hasUnseenTraffic: boolean;
}

/** One session tab's state (DESIGN §4b): its form, its session, its tasks, counters and notices. */
export type TabState = ConnectionSlice &
  ActivitySlice &
  ReceiveSlice &
  FramingSlice &
  UdpAddressingSlice &
  TcpOptionsSlice &
  SendSlice &
  RepeatSlice &
  CaptureSlice &
  FileSendSlice &
  ClientsSlice &
  CountersSlice &
  NoticeSlice &
  RelaySlice &
  SequenceSlice &
  AutoReplySlice;

/** What a tab needs from the workspace around it. */
export interface TabWorkspaceLink {
  /** 历史发送 belongs to the workspace: a successful send is remembered there. */
  remember(item: HistoryItem): void;
  /** The tab's session.open answered with this id: its events (and any that came early) are the tab's from now on. */
  claimSession(sessionId: string): void;
}

/** What actions need from outside the store. Passed in, so a test can build a store with a fake transport. */
export interface TabDeps {
  readonly tabId: string;
  /** Its pathPicker says how Browse… asks for a host path (pick-host-path.ts). */
  readonly transport: RendererTransport;
  readonly log: LogStore;
  readonly workspace: TabWorkspaceLink;
}

export type SliceCreator<T> = (deps: TabDeps) => StateCreator<TabState, [], [], T>;
