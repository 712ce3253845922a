import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { SnippetSchema, TextRangeSchema } from "../gen/cohort/search/v1/search_pb";
import { snippetParts } from "./snippet";

const snippet = (text: string, ...ranges: [number, number][]) => create(SnippetSchema, {
  text, highlights: ranges.map(([start, length]) => create(TextRangeSchema, { start, length })),
});

describe("snippetParts", () => {
  it("marks the highlighted ranges and keeps the text around them", () => {
    expect(snippetParts(snippet("we meet at the library today", [11, 3], [15, 7]))).toEqual([
      { text: "we meet at ", marked: false },
      { text: "the", marked: true },
      { text: " ", marked: false },
      { text: "library", marked: true },
      { text: " today", marked: false },
    ]);
  });

  it("counts code points, so an emoji before a match does not shift it", () => {
    expect(snippetParts(snippet("🎉 exam done", [2, 4]))).toEqual([
      { text: "🎉 ", marked: false },
      { text: "exam", marked: true },
      { text: " done", marked: false },
    ]);
  });

  it("clips overlapping, unordered and out-of-range ranges instead of trusting them", () => {
    expect(snippetParts(snippet("abcdef", [4, 10], [0, 2], [1, 2]))).toEqual([
      { text: "ab", marked: true },
      { text: "c", marked: true },
      { text: "d", marked: false },
      { text: "ef", marked: true },
    ]);
  });

  it("keeps markup-looking text as text", () => {
    expect(snippetParts(snippet("<img src=x onerror=alert(1)> hi", [29, 2]))).toEqual([
      { text: "<img src=x onerror=alert(1)> ", marked: false },
      { text: "hi", marked: true },
    ]);
  });

  it("is empty for no snippet", () => {
    expect(snippetParts(undefined)).toEqual([]);
  });
});
