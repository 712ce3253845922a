import { describe, expect, it } from "vitest";
import { newPasswordProblem, takeTokenFromLocation, tokenFromFragment } from "./links";

describe("tokenFromFragment", () => {
  it("reads the token of a link's fragment", () => {
    expect(tokenFromFragment("#token=cr_AbC-12_x")).toBe("cr_AbC-12_x");
  });

  it("decodes an encoded token and ignores other parameters", () => {
    expect(tokenFromFragment("#from=mail&token=cv_a%2Db")).toBe("cv_a-b");
  });

  it("answers null without a token", () => {
    expect(tokenFromFragment("")).toBeNull();
    expect(tokenFromFragment("#token=")).toBeNull();
    expect(tokenFromFragment("#other=1")).toBeNull();
  });
});

describe("takeTokenFromLocation", () => {
  it("removes the token from the address bar once read", () => {
    const replaced: string[] = [];
    const location = { hash: "#token=cr_secret", pathname: "/reset-password", search: "" } as Location;
    const history = { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History;

    expect(takeTokenFromLocation(location, history)).toBe("cr_secret");
    expect(replaced).toEqual(["/reset-password"]);
  });

  it("leaves the address alone when there is no token", () => {
    const replaced: string[] = [];
    const location = { hash: "", pathname: "/verify-email", search: "" } as Location;
    const history = { state: null, replaceState: () => replaced.push("x") } as unknown as History;

    expect(takeTokenFromLocation(location, history)).toBeNull();
    expect(replaced).toEqual([]);
  });
});

describe("newPasswordProblem", () => {
  it("asks for 12 characters or more, counting characters rather than UTF-16 units", () => {
    expect(newPasswordProblem("short", "short")).toMatch(/12 characters/);
    expect(newPasswordProblem("😀".repeat(11), "😀".repeat(11))).toMatch(/12 characters/);
  });

  it("refuses two different passwords", () => {
    expect(newPasswordProblem("a long passphrase", "a long passphrasE")).toMatch(/differ/);
  });

  it("accepts a long enough password typed twice", () => {
    expect(newPasswordProblem("a long passphrase", "a long passphrase")).toBeNull();
  });
});
