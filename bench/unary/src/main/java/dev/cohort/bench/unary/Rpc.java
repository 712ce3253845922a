package dev.cohort.bench.unary;

/** The read calls measured: what a signed-in person's screens call most. */
enum Rpc {
    GET_ME("GetMe"),
    GET_COURSE("GetCourse"),
    SEARCH_COURSES("SearchCourses"),
    LIST_CONVERSATIONS("ListConversations");

    final String label;

    Rpc(String label) {
        this.label = label;
    }
}
