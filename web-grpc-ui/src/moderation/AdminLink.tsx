import { useSyncExternalStore } from "react";
import type { AuthSession } from "../auth/session";
import { isAdmin } from "../auth/roles";
import { Link } from "../router";

/**
 * The navigation's "Admin" link, there only while the access token grants ADMIN. A role change reaches the next
 * token (identity retires the older ones), so the link follows a promotion or demotion within one token's life.
 */
export function AdminLink({ session, active }: { session: AuthSession; active: boolean }) {
  const admin = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => isAdmin(session.accessToken),
  );
  return admin ? <Link to="/admin" className={active ? "active" : ""}>Admin</Link> : null;
}
