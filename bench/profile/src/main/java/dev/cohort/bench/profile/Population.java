package dev.cohort.bench.profile;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The people the benchmark searches and reads, written straight into profile's own tables with {@code COPY}
 * (setup, not measured): names built from syllables, programs and years, privacy mostly the default (classmates),
 * course sections in profile's classmates projection ({@code context_members}) so that every person has a few
 * dozen classmates, some follows and some blocks. Kept in memory too, to draw requests from.
 */
final class Population {

    static final int SECTIONS_PER_PERSON = 3;
    static final int PEOPLE_PER_SECTION = 30;
    static final int FOLLOWS_PER_PERSON = 5;

    private static final String[] FIRST = {"ka", "li", "ma", "no", "ra", "se", "ta", "vi", "an", "el", "jo", "mi",
            "da", "lu", "be", "ro", "sa", "ni", "ha", "yu"};
    private static final String[] MIDDLE = {"ren", "lia", "na", "ko", "mir", "tan", "ela", "so", "vin", "da", "ri",
            "mon"};
    private static final String[] LAST = {"ander", "berg", "costa", "dahl", "evans", "fischer", "garcia", "haas",
            "ito", "jensen", "kowal", "lopez", "moreau", "nakamura", "olsen", "patel", "quinn", "rossi", "silva",
            "tanaka", "ueda", "varga", "weber", "xu", "yilmaz", "zhang", "okafor", "novak", "murphy", "lindqvist"};
    static final String[] PROGRAMS = {"Computer Science", "Mathematics", "Physics", "Chemistry", "Biology",
            "History", "Philosophy", "Economics", "Psychology", "Linguistics", "Mechanical Engineering",
            "Electrical Engineering", "Civil Engineering", "Medicine", "Law", "Music", "Architecture",
            "Statistics", "Political Science", "Environmental Science"};

    final UUID[] ids;
    /** The same ids as text, as a client holds them (from earlier answers) to ask for them. */
    final String[] idTexts;
    final String[] names;
    /** The sections of each person (indexes), and the people of each section. */
    final int[][] sectionsOf;
    final List<List<Integer>> membersOf;
    int follows;
    int blocks;
    int[] visibilityCounts = new int[3];

    private Population(int size) {
        ids = new UUID[size];
        idTexts = new String[size];
        names = new String[size];
        sectionsOf = new int[size][];
        membersOf = new ArrayList<>();
    }

    /** Writes {@code size} people into the (empty, migrated) profile database on {@code connection}. */
    static Population seed(Connection connection, int size, long seed) throws SQLException, IOException {
        Population people = new Population(size);
        Random random = new Random(seed);
        SplittableRandom fast = new SplittableRandom(seed);
        String now = Instant.now().toString();
        StringBuilder profiles = new StringBuilder(size * 160);
        for (int i = 0; i < size; i++) {
            people.ids[i] = new UUID(random.nextLong(), random.nextLong());
            people.idTexts[i] = people.ids[i].toString();
            String first = capital(FIRST[fast.nextInt(FIRST.length)] + MIDDLE[fast.nextInt(MIDDLE.length)]
                    + (fast.nextInt(3) == 0 ? MIDDLE[fast.nextInt(MIDDLE.length)] : ""));
            String last = capital(FIRST[fast.nextInt(FIRST.length)].substring(0, 1)
                    + LAST[fast.nextInt(LAST.length)]);
            String name = first + " " + last;
            people.names[i] = name;
            int roll = fast.nextInt(100);
            // Mostly the default (classmates), a fifth open to everyone, a few hidden from everybody.
            int visibility = roll < 70 ? 0 : roll < 92 ? 1 : 2;
            people.visibilityCounts[visibility]++;
            String program = PROGRAMS[fast.nextInt(PROGRAMS.length)];
            profiles.append(people.ids[i]).append('\t').append(first.toLowerCase()).append('.')
                    .append(last.toLowerCase()).append(i).append("@example.edu\t").append(name).append('\t')
                    .append(program).append('\t').append(1 + fast.nextInt(5)).append('\t')
                    .append(visibility == 0 ? "CLASSMATES" : visibility == 1 ? "EVERYONE" : "NOBODY").append('\t')
                    .append(now).append('\t').append(now).append('\t').append(now).append('\n');
        }
        // Sections of about 30: everyone sits in 3, drawn at random, so classmates are scattered over the ids.
        int sections = Math.max(1, size * SECTIONS_PER_PERSON / PEOPLE_PER_SECTION);
        UUID[] sectionIds = new UUID[sections];
        for (int s = 0; s < sections; s++) {
            sectionIds[s] = new UUID(random.nextLong(), random.nextLong());
            people.membersOf.add(new ArrayList<>());
        }
        StringBuilder members = new StringBuilder(size * SECTIONS_PER_PERSON * 90);
        for (int i = 0; i < size; i++) {
            Set<Integer> mine = new LinkedHashSet<>();
            while (mine.size() < Math.min(SECTIONS_PER_PERSON, sections)) {
                mine.add(fast.nextInt(sections));
            }
            people.sectionsOf[i] = mine.stream().mapToInt(Integer::intValue).toArray();
            for (int s : mine) {
                people.membersOf.get(s).add(i);
                members.append("SECTION\t").append(sectionIds[s]).append('\t').append(people.ids[i]).append('\n');
            }
        }
        // Everyone follows a few people (some classmates, some anyone); one in a hundred blocks someone.
        StringBuilder follows = new StringBuilder(size * FOLLOWS_PER_PERSON * 110);
        StringBuilder blocks = new StringBuilder(size * 2);
        for (int i = 0; i < size; i++) {
            Set<Integer> followed = new LinkedHashSet<>();
            for (int k = 0; k < FOLLOWS_PER_PERSON; k++) {
                int other = k < 2 ? people.classmateOf(i, fast) : fast.nextInt(size);
                if (other != i) {
                    followed.add(other);
                }
            }
            for (int other : followed) {
                follows.append(people.ids[i]).append('\t').append(people.ids[other]).append('\t').append(now)
                        .append('\n');
                people.follows++;
            }
            if (fast.nextInt(100) == 0) {
                int other = fast.nextInt(size);
                if (other != i) {
                    blocks.append(people.ids[i]).append('\t').append(people.ids[other]).append('\t').append(now)
                            .append('\n');
                    people.blocks++;
                }
            }
        }
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("copy profiles (user_id, email, display_name, program, year_of_study, profile_visibility, "
                + "created_at, updated_at, privacy_updated_at) from stdin", new StringReader(profiles.toString()));
        copy.copyIn("copy context_members (kind, context_id, user_id) from stdin", new StringReader(members.toString()));
        copy.copyIn("copy follows (follower_id, followed_id, created_at) from stdin",
                new StringReader(follows.toString()));
        copy.copyIn("copy blocks (blocker_id, blocked_id, created_at) from stdin", new StringReader(blocks.toString()));
        try (Statement statement = connection.createStatement()) {
            // The service keeps these counts as it records follows; seeding by COPY sets them in one go.
            statement.execute("update profiles p set follower_count = c.followers, following_count = c.following"
                    + " from (select user_id, sum(followers) as followers, sum(following) as following from ("
                    + " select followed_id as user_id, 1 as followers, 0 as following from follows"
                    + " union all select follower_id, 0, 1 from follows) f group by user_id) c"
                    + " where c.user_id = p.user_id");
            statement.execute("vacuum analyze");
        }
        return people;
    }

    int size() {
        return ids.length;
    }

    /** A random classmate of person {@code i} (may be {@code i} itself when a section is tiny). */
    int classmateOf(int i, SplittableRandom random) {
        int[] sections = sectionsOf[i];
        List<Integer> members = membersOf.get(sections[random.nextInt(sections.length)]);
        return members.get(random.nextInt(members.size()));
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
