// @vitest-environment jsdom
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport, type ServiceImpl } from "@connectrpc/connect";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConversationKind, ConversationSchema } from "../gen/cohort/chat/v1/chat_pb";
import { EnrolledSectionSchema, EnrollmentStatus } from "../gen/cohort/course/v1/course_pb";
import {
  ResultKind,
  SearchResultSchema,
  SearchService,
  type SearchRequest,
  type SearchResult,
} from "../gen/cohort/search/v1/search_pb";
import { fakeChat, renderScreen } from "../views/testing";
import { SearchBox } from "./SearchBox";

afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, "", "/"));

const CONVERSATION = "2f6c1a52-6d8e-4f0e-9a57-0c1d2e3f4a5b";
const AUTHOR = "7b1c3d1e-0000-4000-8000-0000000000b0";
const COURSE = "9c0ffee0-0000-4000-8000-000000000c01";
const PERSON = "7b1c3d1e-0000-4000-8000-000000000001";

const messageResult = (text: string, start: number, length: number, sequence = 42n) => create(SearchResultSchema, {
  kind: ResultKind.MESSAGE, id: `m-${sequence}`,
  snippet: { text, highlights: [{ start, length }] },
  message: { conversationId: CONVERSATION, sequence, authorUserId: AUTHOR },
});
const courseResult = create(SearchResultSchema, {
  kind: ResultKind.COURSE, id: COURSE, title: "CPSC 110 Computation, Programs, and Programming",
  snippet: { text: "systematic program design", highlights: [{ start: 11, length: 7 }] },
});
const personResult = create(SearchResultSchema, {
  kind: ResultKind.PERSON, id: PERSON, title: "Grace Hopper", snippet: { text: "Grace Hopper", highlights: [{ start: 0, length: 5 }] },
});

/** SearchService served in memory (the real client and encoding); records every query it is asked. */
function fakeSearch(answer: (request: SearchRequest) => SearchResult[] | Promise<SearchResult[]>) {
  const asked: string[] = [];
  const impl: Partial<ServiceImpl<typeof SearchService>> = {
    search: async (request) => {
      asked.push(request.query);
      return { results: await answer(request) };
    },
  };
  const client = createClient(SearchService, createRouterTransport(({ service }) => service(SearchService, impl)));
  return { client, asked };
}

const general = create(ConversationSchema, { conversationId: CONVERSATION, kind: ConversationKind.CHANNEL, name: "general" });

function renderSearch(search: ReturnType<typeof fakeSearch>, course: Record<string, unknown> = {}) {
  return renderScreen(<SearchBox />, { search: search.client, course }, fakeChat({ conversations: [general] }));
}

function box() {
  return screen.getByRole("combobox", { name: "Search messages, courses and people" });
}

describe("SearchBox", () => {
  it("searches once typing pauses and shows the results grouped by kind with the matched words marked", async () => {
    const search = fakeSearch(() => [personResult, messageResult("see you at the library", 15, 7), courseResult]);
    renderSearch(search);

    for (const typed of ["l", "li", "lib", "libr"]) {
      fireEvent.change(box(), { target: { value: typed } });
    }

    const list = await screen.findByRole("listbox", { name: "Search results" });
    const groups = await within(list).findAllByRole("group");
    expect(groups.map((g) => g.firstElementChild?.textContent)).toEqual(["Messages", "Courses", "People"]);
    expect(search.asked).toEqual(["libr"]);
    const message = within(groups[0]!).getByRole("option");
    expect(message.querySelector("mark")?.textContent).toBe("library");
    expect(message.textContent).toContain("general"); // the conversation's name, which the client knows
    expect(await within(message).findByText(/Person 7b1c/)).toBeTruthy(); // the author, through the batched profiles
  });

  it("renders snippet text as text, never as HTML", async () => {
    const search = fakeSearch(() => [messageResult("<img src=x onerror=alert(1)> hello", 29, 5)]);
    const { container } = renderSearch(search);
    fireEvent.change(box(), { target: { value: "hello" } });

    const option = await screen.findByRole("option");
    expect(container.querySelector("img")).toBeNull();
    expect(option.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(option.querySelector("mark")?.textContent).toBe("hello");
  });

  it("walks the results with the arrow keys across groups and opens a message at its place in its conversation", async () => {
    const search = fakeSearch(() => [messageResult("first exam", 6, 4, 7n), messageResult("the exam", 4, 4, 42n), personResult]);
    renderSearch(search);
    fireEvent.change(box(), { target: { value: "exam" } });
    const options = await screen.findAllByRole("option");
    expect(options.map((o) => o.getAttribute("aria-selected"))).toEqual(["true", "false", "false"]);

    fireEvent.keyDown(box(), { key: "ArrowDown" });
    fireEvent.keyDown(box(), { key: "ArrowDown" });
    fireEvent.keyDown(box(), { key: "ArrowDown" }); // stays on the last
    fireEvent.keyDown(box(), { key: "ArrowUp" });
    expect(screen.getAllByRole("option").map((o) => o.getAttribute("aria-selected"))).toEqual(["false", "true", "false"]);
    expect(box().getAttribute("aria-activedescendant")).toBe(screen.getAllByRole("option")[1]!.id);

    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(window.location.pathname + window.location.search).toBe(`/chat/${CONVERSATION}?at=42`));
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("opens a person's profile, and a course at the class I am enrolled in", async () => {
    const search = fakeSearch(() => [courseResult, personResult]);
    renderSearch(search, {
      listMyEnrollments: async () => ({ enrollments: [create(EnrolledSectionSchema, {
        enrollment: { sectionId: "s-101", status: EnrollmentStatus.ENROLLED },
        section: { sectionId: "s-101", courseId: COURSE },
      })] }),
      listSections: async () => { throw new Error("not needed when enrolled"); },
    });
    fireEvent.change(box(), { target: { value: "grace" } });
    fireEvent.click(await screen.findByText("Grace Hopper", { selector: "strong" }));
    await waitFor(() => expect(window.location.pathname).toBe(`/people/${PERSON}`));

    fireEvent.focus(box());
    fireEvent.click(await screen.findByText(/CPSC 110/, { selector: "strong" }));
    await waitFor(() => expect(window.location.pathname).toBe("/classes/s-101"));
  });

  it("says when nothing matched, and when the search failed", async () => {
    const search = fakeSearch((request) => {
      if (request.query === "boom") {
        throw new ConnectError("index unavailable", Code.Unavailable);
      }
      return [];
    });
    renderSearch(search);
    fireEvent.change(box(), { target: { value: "zzzz" } });
    expect(await screen.findByText("Nothing found for “zzzz”.")).toBeTruthy();

    fireEvent.change(box(), { target: { value: "boom" } });
    expect((await screen.findByRole("alert")).textContent).toMatch(/Search failed/);
  });

  it("closes with Escape and clears with a second Escape", async () => {
    const search = fakeSearch(() => [personResult]);
    renderSearch(search);
    fireEvent.change(box(), { target: { value: "grace" } });
    await screen.findByRole("option");

    fireEvent.keyDown(box(), { key: "Escape" });
    expect(screen.queryByRole("listbox")).toBeNull();
    expect((box() as HTMLInputElement).value).toBe("grace");
    fireEvent.keyDown(box(), { key: "Escape" });
    expect((box() as HTMLInputElement).value).toBe("");
  });
});
