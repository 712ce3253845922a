import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce, SEARCH_DEBOUNCE_MS } from "./debounce";

describe("search debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("searches once typing pauses, with the latest text only", () => {
    const searches: string[] = [];
    const search = debounce((q: string) => searches.push(q), SEARCH_DEBOUNCE_MS);

    for (const text of ["a", "ad", "ada"]) {
      search.call(text);
      vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    }
    expect(searches).toEqual([]);

    vi.advanceTimersByTime(1);
    expect(searches).toEqual(["ada"]);
  });

  it("searches again for text typed after a pause, and not at all once cancelled", () => {
    const searches: string[] = [];
    const search = debounce((q: string) => searches.push(q), SEARCH_DEBOUNCE_MS);

    search.call("ada");
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    search.call("ada l");
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    search.call("ada lovelace");
    search.cancel();
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS * 4);

    expect(searches).toEqual(["ada", "ada l"]);
  });
});
