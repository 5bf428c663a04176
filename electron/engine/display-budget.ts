/**
 * What the whole engine may hold for the display while the page is behind (frames waiting for credit), shared by
 * every session's TrafficBatcher: with one cap per session, a hundred busy sessions would hold a hundred times it.
 * A frame that does not fit is not kept; its session counts it into its gap, which the log shows as "N frames
 * not displayed". Counters, capture files and the wire never depend on this.
 */
export class DisplayBudget {
  private heldFrames = 0;
  private heldBytes = 0;

  constructor(
    readonly maxFrames: number,
    readonly maxBytes: number,
  ) {}

  /**
   * Reserve room for one frame of `bytes` display bytes; false when it does not fit. While nothing is held any
   * frame fits, so a budget smaller than one frame still lets the display move (frames are cut to
   * MAX_DISPLAY_BYTES_PER_FRAME before they get here, which bounds the overshoot).
   */
  tryTake(bytes: number): boolean {
    if (this.heldFrames >= this.maxFrames) return false;
    if (this.heldFrames > 0 && this.heldBytes + bytes > this.maxBytes) return false;
    this.heldFrames += 1;
    this.heldBytes += bytes;
    return true;
  }

  /** Frames taken with tryTake left the batcher (sent, or turned into a gap). */
  release(frames: number, bytes: number): void {
    this.heldFrames = Math.max(0, this.heldFrames - frames);
    this.heldBytes = Math.max(0, this.heldBytes - bytes);
  }

  get held(): { readonly frames: number; readonly bytes: number } {
    return { frames: this.heldFrames, bytes: this.heldBytes };
  }
}
