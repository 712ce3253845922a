import { describe, expect, it } from "vitest";
import { completeMention, mentionQuery, mentionsIn } from "./mentions";

describe("mentions while writing", () => {
  it("finds the name being typed after an @ at the end", () => {
    expect(mentionQuery("hi @Gra")).toBe("Gra");
    expect(mentionQuery("@")).toBe("");
    expect(mentionQuery("mail me at a@b")).toBeNull();
    expect(mentionQuery("@Grace done")).toBeNull();
  });

  it("replaces the partial name with the picked one", () => {
    expect(completeMention("thanks @gr", "Grace Hopper")).toBe("thanks @Grace Hopper ");
  });

  it("counts positions in code points, so an emoji before a mention does not shift it", () => {
    const text = "🎉 @Ada Lovelace and @Alan";
    expect(mentionsIn(text, [{ userId: "u1", name: "Ada Lovelace" }, { userId: "u2", name: "Alan" }])).toEqual([
      { userId: "u1", start: 2, length: 13 },
      { userId: "u2", start: 20, length: 5 },
    ]);
  });

  it("drops a pick whose name was deleted from the text", () => {
    expect(mentionsIn("never mind", [{ userId: "u1", name: "Ada" }])).toEqual([]);
  });
});
