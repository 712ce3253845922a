import { useEffect, useState } from "react";

/** How long the people search waits after the last keystroke before it asks. */
export const SEARCH_DEBOUNCE_MS = 250;

/** Calls `run` with the latest value once `delayMs` pass without another call; `cancel` drops a waiting call. */
export function debounce<T>(run: (value: T) => void, delayMs: number): { call(value: T): void; cancel(): void } {
  let handle: ReturnType<typeof setTimeout> | undefined;
  return {
    call(value) {
      clearTimeout(handle);
      handle = setTimeout(() => run(value), delayMs);
    },
    cancel() {
      clearTimeout(handle);
    },
  };
}

/** The value, once it has stayed the same for `delayMs` (what a search box queries as the user types). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const debouncer = debounce(setSettled, delayMs);
    debouncer.call(value);
    return () => debouncer.cancel();
  }, [value, delayMs]);
  return settled;
}
