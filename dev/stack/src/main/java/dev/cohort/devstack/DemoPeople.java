package dev.cohort.devstack;

import java.util.List;

/**
 * Who lives in the demo community and what they talk about: the content of {@link DemoCommunity}, kept apart from
 * the calls that create it so that either can change alone. Names are of people from the history of science, so
 * nobody real is implied to have signed up.
 */
final class DemoPeople {

    /** A demo student: the local part of the e-mail doubles as the key in the other tables here. */
    record Student(String key, String displayName, String pronouns, String program, int year, String bio) {

        String email() {
            return key + "@cohort.local";
        }

        String firstName() {
            return displayName.substring(0, displayName.indexOf(' '));
        }
    }

    /** The first three are the accounts printed first (and the ones the stack's tests sign in with). */
    static final List<Student> STUDENTS = List.of(
            new Student("ada", "Ada Lovelace", "she/her", "Computer Science", 3,
                    "Into compilers and anything with a loom in it. Happy to review proofs in exchange for coffee."),
            new Student("grace", "Grace Hopper", "she/her", "Computer Science", 4,
                    "Teaching assistant for the intro course. Ask me about debugging; I once found an actual moth."),
            new Student("alan", "Alan Turing", "he/him", "Mathematics", 2,
                    "Long-distance runner, logic and puzzles. Looking for a study group for the theory courses."),
            new Student("katherine", "Katherine Johnson", "she/her", "Mathematics", 3,
                    "Numbers first. I keep a shared sheet of worked problems; ask for the link."),
            new Student("linus", "Linus Pauling", "he/him", "Chemistry", 2,
                    "Chemistry major taking programming as an elective. Bonds, both kinds."),
            new Student("rosalind", "Rosalind Franklin", "she/her", "Biology", 3,
                    "Lab person. Photographs, crystals, and very careful note-taking."),
            new Student("tim", "Tim Berners-Lee", "he/him", "Computer Science", 1,
                    "First year. Building a small website for our residence; links welcome."),
            new Student("hedy", "Hedy Lamarr", "she/her", "Physics", 2,
                    "Physics and signals. Also acting in the theatre club this term."),
            new Student("emmy", "Emmy Noether", "she/her", "Mathematics", 4,
                    "Algebra, symmetry, and running the Thursday problem session."),
            new Student("sam", "Sam Rivera", "they/them", "Psychology", 2,
                    "Psych with a stats minor. I like turning messy data into plots people understand."),
            new Student("noor", "Noor Haddad", "she/her", "Economics", 1,
                    "Economics, chess club and far too many browser tabs."),
            new Student("kenji", "Kenji Watanabe", "he/him", "Computer Science", 2,
                    "Games, graphics and the occasional all-nighter before a deadline (trying to stop)."));

    /** Public channels besides the section channels: name, topic, the students who join (by index), first author. */
    record PublicChannel(String name, String topic, List<Integer> members) {
    }

    static final List<PublicChannel> PUBLIC_CHANNELS = List.of(
            new PublicChannel("general", "Anything about campus life and this community", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)),
            new PublicChannel("study-tips", "Techniques, tools and timetables that worked for you", List.of(0, 2, 3, 6, 8, 9, 11)),
            new PublicChannel("off-topic", "Music, games, food and everything else", List.of(1, 4, 5, 7, 9, 10, 11, 0)));

    /** Study groups: the section (index into the demo sections), name, owner, members approved, requests pending. */
    record StudyGroup(int section, String name, String description, int owner, List<Integer> approved,
                      List<Integer> pending) {
    }

    /**
     * Ada owns a group with a pending request (so signing in as ada shows something to decide) and has a pending
     * request of her own in Grace's group.
     */
    static final List<StudyGroup> GROUPS = List.of(
            new StudyGroup(0, "Loop invariants", "We meet Tuesdays after the lecture and go through the problem set.",
                    0, List.of(6, 11), List.of(3)),
            new StudyGroup(0, "Night owls", "Late study sessions, online. Bring questions.", 1, List.of(4), List.of(0, 7)),
            new StudyGroup(1, "Proof workshop", "Writing proofs together, one lemma at a time.", 8, List.of(2, 3), List.of(9)),
            new StudyGroup(2, "Data wranglers", "Practice with real data sets before the project is due.", 9,
                    List.of(10, 5), List.of(1)));

    /**
     * Who takes which demo section (by index into the sections {@link DemoCommunity} picks in the open term). Every
     * group's owner and members are enrolled in the group's section (group checks it with course).
     */
    static final List<List<Integer>> ENROLMENTS = List.of(
            List.of(0, 1, 3, 4, 6, 7, 11),
            List.of(0, 2, 3, 8, 9),
            List.of(1, 5, 9, 10),
            List.of(2, 5, 7, 8, 10));

    /** Direct conversations, by index of the two people. */
    static final List<List<Integer>> DIRECTS = List.of(List.of(0, 1), List.of(0, 2), List.of(1, 6), List.of(3, 8),
            List.of(9, 10));

    /** Lines people say, cycled through; {@code @} before a name becomes a mention when that person is a member. */
    static final List<String> LINES = List.of(
            "Has anyone started the problem set yet?",
            "I did the first two questions, the third one is tricky.",
            "The hint in the lecture notes helps a lot for question 3.",
            "Is the lab this week in person or online?",
            "In person, same room as last week.",
            "Thanks! See you there.",
            "Could someone explain the difference between the two definitions from Monday?",
            "One is about the worst case, the other about the average over inputs.",
            "That makes sense now, thank you.",
            "Office hours moved to Thursday 3 pm.",
            "Does anyone have notes from Wednesday? I was sick.",
            "I'll share mine tonight.",
            "The midterm covers modules 1 to 4.",
            "Practice exam is up on the course page.",
            "Let's meet in the library at 5?",
            "Works for me.",
            "Running ten minutes late, sorry!",
            "Found a great explanation video, posting it in the thread.",
            "Who's going to the study session tomorrow?",
            "Count me in.",
            "I think there's a typo in the assignment, question 2 part b.",
            "Good catch, the instructor confirmed it.",
            "My code passes the tests but it's slow on the big input.",
            "Try memoising the recursive call.",
            "That halved the time, amazing.",
            "Anyone want to pair on the project?",
            "Sure, I'm free after 2.",
            "Reminder: the quiz closes at midnight.",
            "Coffee before the lecture?",
            "Always.");

    /** Replies used in threads. */
    static final List<String> REPLIES = List.of(
            "Agreed!",
            "Same question here.",
            "I can help with that after class.",
            "Here's how I thought about it: start from the base case.",
            "Thanks, that cleared it up.",
            "+1, I was wondering too.");

    /** Reactions people leave. */
    static final List<String> EMOJI = List.of("👍", "🎉", "❤️", "😂", "🙏", "👀");

    private DemoPeople() {
    }
}
