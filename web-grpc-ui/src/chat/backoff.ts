/** How long to wait before the next attempt: exponential, capped, with jitter so clients do not retry in step. */
export interface BackoffOptions {
  /** First delay, in ms. */
  initialMs?: number;
  /** Largest delay, in ms (jitter included). */
  maxMs?: number;
  /** Growth per attempt. */
  factor?: number;
  /** Spread around the nominal delay: 0.2 gives 80 % to 120 %. */
  jitter?: number;
  /** [0, 1); Math.random unless a test needs it fixed. */
  random?: () => number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private attempts = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
    if (this.initialMs <= 0 || this.maxMs < this.initialMs || this.factor < 1 || this.jitter < 0 || this.jitter >= 1) {
      throw new Error("backoff: need 0 < initialMs <= maxMs, factor >= 1, 0 <= jitter < 1");
    }
  }

  /** Attempts counted since the last reset. */
  get attempt(): number {
    return this.attempts;
  }

  /** The delay before the next attempt; each call counts one attempt. */
  next(): number {
    const nominal = Math.min(this.maxMs, this.initialMs * Math.pow(this.factor, this.attempts));
    this.attempts++;
    const spread = 1 - this.jitter + 2 * this.jitter * this.random();
    return Math.round(Math.min(this.maxMs, nominal * spread));
  }

  /** After a success: the next delay is the first one again. */
  reset(): void {
    this.attempts = 0;
  }
}
