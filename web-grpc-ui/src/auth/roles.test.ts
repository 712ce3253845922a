import { describe, expect, it } from "vitest";
import { tokenWith } from "../moderation/testing";
import { isAdmin, tokenRoles } from "./roles";

describe("tokenRoles", () => {
  it("reads the roles claim of a base64url payload", () => {
    // "é" needs UTF-8 decoding and "?>?>" base64url's "-" and "_".
    const token = tokenWith({ sub: "u", name: "Zoé ?>?>", roles: ["STUDENT", "ADMIN"] });
    expect(tokenRoles(token)).toEqual(["STUDENT", "ADMIN"]);
    expect(isAdmin(token)).toBe(true);
  });

  it("finds no roles in a token without the claim, a malformed token or none", () => {
    expect(tokenRoles(tokenWith({ sub: "u" }))).toEqual([]);
    expect(isAdmin(tokenWith({ roles: ["STUDENT"] }))).toBe(false);
    expect(tokenRoles("not-a-token")).toEqual([]);
    expect(tokenRoles("a.%%%.c")).toEqual([]);
    expect(tokenRoles(null)).toEqual([]);
  });
});
