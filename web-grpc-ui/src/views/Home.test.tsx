// @vitest-environment jsdom
import { create } from "@bufbuild/protobuf";
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ConversationKind, ConversationSchema } from "../gen/cohort/chat/v1/chat_pb";
import { EnrolledSectionSchema, EnrollmentStatus, TermState } from "../gen/cohort/course/v1/course_pb";
import { GroupSchema, GroupState } from "../gen/cohort/group/v1/group_pb";
import { HomeView } from "./Home";
import { fakeChat, ME, renderScreen } from "./testing";

afterEach(cleanup);

const enrolled = (courseCode: string, termState: TermState, status = EnrollmentStatus.ENROLLED) =>
  create(EnrolledSectionSchema, {
    enrollment: { sectionId: `s-${courseCode}`, status },
    section: { sectionId: `s-${courseCode}`, courseCode, sectionCode: "101", termCode: "2026W2", termState },
    courseTitle: `${courseCode} title`,
  });

describe("Home", () => {
  it("shows my classes of open terms, my active groups and my conversations with their unread counts", async () => {
    const api = {
      course: {
        listMyEnrollments: async () => ({ enrollments: [
          enrolled("CPSC 110", TermState.OPEN),
          enrolled("HIST 101", TermState.CLOSED),
          enrolled("MATH 200", TermState.OPEN, EnrollmentStatus.DROPPED),
        ] }),
      },
      group: {
        listMyGroups: async () => ({ groups: [
          create(GroupSchema, { groupId: "g1", name: "Loop invariants", state: GroupState.ACTIVE, ownerUserId: ME.userId, memberCount: 3, maxMembers: 5 }),
          create(GroupSchema, { groupId: "g2", name: "Old group", state: GroupState.DISBANDED }),
        ] }),
      },
    };
    const chat = fakeChat({ conversations: [
      create(ConversationSchema, { conversationId: "c1", kind: ConversationKind.CHANNEL, name: "general", unreadCount: 4n }),
      create(ConversationSchema, { conversationId: "c2", kind: ConversationKind.GROUP, name: "Loop invariants", groupId: "g1" }),
    ] });

    renderScreen(<HomeView />, api, chat);

    expect(await screen.findByRole("link", { name: /CPSC 110/ })).toBeTruthy();
    expect(screen.queryByText(/HIST 101/)).toBeNull();
    expect(screen.queryByText(/MATH 200/)).toBeNull();
    expect(await screen.findByText("Loop invariants", { selector: "strong" })).toBeTruthy();
    expect(screen.queryByText("Old group")).toBeNull();
    expect(screen.getByLabelText("4 unread").textContent).toBe("4");
    expect(screen.getByText("owner")).toBeTruthy();
  });

  it("says what to do when there are no classes and no groups yet", async () => {
    renderScreen(<HomeView />, {
      course: { listMyEnrollments: async () => ({ enrollments: [] }) },
      group: { listMyGroups: async () => ({ groups: [] }) },
    });

    expect(await screen.findByRole("link", { name: "Find courses" })).toBeTruthy();
    expect(await screen.findByRole("link", { name: "Create or join one" })).toBeTruthy();
    expect(screen.getByText("No conversations yet.")).toBeTruthy();
  });
});
