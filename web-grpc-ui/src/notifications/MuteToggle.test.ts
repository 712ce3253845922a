import { describe, expect, it } from "vitest";
import { isMuted } from "./MuteToggle";

describe("isMuted", () => {
  it("finds a muted conversation", () => {
    expect(isMuted(["a", "b"], "b")).toBe(true);
  });

  it("answers false for others and before the list arrives", () => {
    expect(isMuted(["a"], "b")).toBe(false);
    expect(isMuted(undefined, "a")).toBe(false);
  });
});
