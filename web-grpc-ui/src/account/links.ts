// The single-use links identity e-mails (ADR 52) carry their token in the URL fragment (#token=…), which browsers
// never send to a server. These helpers read it and take it out of the address bar and history once read.

/** The token of a link's fragment, e.g. "#token=cr_abc" → "cr_abc"; null when there is none. */
export function tokenFromFragment(hash: string): string | null {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  const token = new URLSearchParams(fragment).get("token");
  return token && token.trim() !== "" ? token.trim() : null;
}

/** Reads the page's link token once and removes it from the address bar (and so from history and bookmarks). */
export function takeTokenFromLocation(location: Location, history: History): string | null {
  const token = tokenFromFragment(location.hash);
  if (token !== null) {
    history.replaceState(history.state, "", location.pathname + location.search);
  }
  return token;
}

/** What is wrong with a new password before it is sent, or null: the server checks the rest (common passwords). */
export function newPasswordProblem(password: string, repeated: string): string | null {
  if ([...password].length < 12) {
    return "Use at least 12 characters.";
  }
  if ([...password].length > 128) {
    return "Use at most 128 characters.";
  }
  if (password !== repeated) {
    return "The two passwords differ.";
  }
  return null;
}
