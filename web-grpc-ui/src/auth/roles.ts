/**
 * The roles an access token grants (its `roles` claim: names without the `ROLE_` prefix, e.g. ["STUDENT"]).
 * Read only to decide what to show (the admin link): the services check the token's signature and roles on every
 * call, so a doctored token here shows a screen whose every call is refused.
 */
export function tokenRoles(accessToken: string | null | undefined): string[] {
  const payload = accessToken?.split(".")[1];
  if (!payload) {
    return [];
  }
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const roles: unknown = JSON.parse(json).roles;
    return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
  } catch {
    return [];
  }
}

export function isAdmin(accessToken: string | null | undefined): boolean {
  return tokenRoles(accessToken).includes("ADMIN");
}
