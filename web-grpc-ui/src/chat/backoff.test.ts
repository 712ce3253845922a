import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff";

describe("Backoff", () => {
  it("doubles from the initial delay up to the ceiling", () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 4000, jitter: 0.2, random: () => 0.5 });
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(backoff.attempt).toBe(6);
  });

  it("spreads each delay by the jitter, never past the ceiling", () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 10_000, jitter: 0.2, random: () => 0 });
    const high = new Backoff({ initialMs: 1000, maxMs: 10_000, jitter: 0.2, random: () => 0.999999 });
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1200);
    const capped = new Backoff({ initialMs: 10_000, maxMs: 10_000, jitter: 0.2, random: () => 0.999999 });
    expect(capped.next()).toBe(10_000);
  });

  it("starts over after a reset", () => {
    const backoff = new Backoff({ initialMs: 100, random: () => 0.5 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(100);
  });

  it("refuses settings that make no sense", () => {
    expect(() => new Backoff({ initialMs: 0 })).toThrow();
    expect(() => new Backoff({ initialMs: 100, maxMs: 50 })).toThrow();
    expect(() => new Backoff({ jitter: 1 })).toThrow();
  });
});
