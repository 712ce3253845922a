import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ProfileSchema } from "../gen/cohort/profile/v1/profile_pb";
import { initials, personName } from "./Person";

const ID = "1a2b3c4d-0000-4000-8000-000000000001";

describe("how a person is named", () => {
  it("uses the display name when the profile is known", () => {
    expect(personName(create(ProfileSchema, { userId: ID, displayName: "Ada Lovelace" }), ID)).toBe("Ada Lovelace");
  });

  it("falls back to the id's first block while loading and for someone hidden", () => {
    expect(personName(undefined, ID)).toBe("User 1a2b3c4d");
    expect(personName(null, ID)).toBe("User 1a2b3c4d");
  });

  it("makes initials from the first and last word, or one letter for one word", () => {
    expect(initials("Ada King Lovelace")).toBe("AL");
    expect(initials("grace")).toBe("G");
    expect(initials("  ")).toBe("?");
  });
});
