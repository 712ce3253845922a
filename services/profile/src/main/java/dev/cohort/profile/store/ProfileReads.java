package dev.cohort.profile.store;

import dev.cohort.profile.domain.ContactPermission;
import dev.cohort.profile.domain.Link;
import dev.cohort.profile.domain.Privacy;
import dev.cohort.profile.domain.ProfileVisibility;
import dev.cohort.profile.domain.SearchTerms;
import dev.cohort.profile.domain.StoredAvatar;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;

/**
 * Every read of profiles, as one SQL statement each, with the one visibility rule of the service written once
 * ({@link #VISIBLE}): the owner sees their profile; nobody else does while the account is suspended or when either
 * blocked the other; otherwise its
 * visibility decides (everyone; classmates, i.e. sharing a section, a group or a conversation; nobody). Each row
 * also carries how the viewer relates to the person (follows, classmate) and the follow counts.
 *
 * <p>Every statement starts from {@link #CIRCLE}: the viewer's classmates and the people on either side of a block
 * with the viewer, each computed once per statement (about a hundred rows), so that each profile row costs two
 * hash probes instead of index lookups per row (ADR 0038). The follow counts are columns kept by the writes.
 * Search reads open profiles from their own narrow table, in tiers that stop when the page is full (ADR 0070).
 */
public class ProfileReads {

    /**
     * The viewer's classmates (everyone sharing one of the viewer's contexts, the viewer too when they have one)
     * and the people blocked by or blocking the viewer, once per statement.
     */
    private static final String CIRCLE = """
            with viewer_contexts as (select kind, context_id from context_members where user_id = :viewer),
            classmates as materialized (select distinct theirs.user_id from context_members theirs
                join viewer_contexts mine on mine.kind = theirs.kind and mine.context_id = theirs.context_id),
            blocked as materialized (select blocked_id as user_id from blocks where blocker_id = :viewer
                union select blocker_id from blocks where blocked_id = :viewer)
            """;

    /** Per profile row {@code p}: whether the viewer and the person share a context, and whether a block stands. */
    private static final String RELATION = """
             cross join lateral (select p.user_id in (select user_id from classmates) as classmate,
                p.user_id in (select user_id from blocked) as blocked) r
            """;

    /** The visibility rule, on a profile row {@code p} and its {@link #RELATION} {@code r}. */
    static final String VISIBLE = """
            (p.user_id = :viewer or (not p.suspended and not r.blocked and (p.profile_visibility = 'EVERYONE'
                or (p.profile_visibility = 'CLASSMATES' and r.classmate))))""";

    /** The columns of a profile row {@code p}, given how to tell that it is a classmate's and that it is visible. */
    private static String columns(String classmate, String visible) {
        return """
                p.user_id, p.email, p.display_name, p.pronouns, p.bio, p.program, p.year_of_study, p.link_labels,
                p.link_urls, p.profile_visibility, p.direct_messages, p.channel_invites, p.show_email, p.created_at,
                p.updated_at, p.privacy_updated_at, p.avatar_version, p.avatar_extension, p.avatar_updated_at,
                p.follower_count, p.following_count, %s as classmate,
                exists (select 1 from follows f where f.follower_id = :viewer and f.followed_id = p.user_id)
                  as viewer_follows,
                exists (select 1 from follows f where f.follower_id = p.user_id and f.followed_id = :viewer)
                  as follows_viewer,
                %s as visible""".formatted(classmate, visible);
    }

    private static final String COLUMNS = columns("r.classmate", VISIBLE);

    /**
     * The people a search may find, as {@link SearchRank}s, at most {@code :limit} after the keyset position, in
     * three tiers that cannot overlap, each the visibility rule for someone other than the viewer less the blocks:
     * <ol start="0">
     *   <li>classmates whose profile is not hidden from everyone, found by key from the viewer's circle;</li>
     *   <li>open profiles ({@code open_profiles}: everyone may see them, not suspended) whose name starts with
     *       the typed text, read in name order from the index and stopped when the page is full;</li>
     *   <li>the other open profiles every typed word (or its correction) starts a word of, through the words
     *       index; only read when the first two tiers leave the page short.</li>
     * </ol>
     * Each tier is ordered by name and id on its own, so a page is never more than {@code :limit} rows of each.
     */
    private static final String PAGE = """
            , q as materialized (select people_search_query(:text) as words),
            first_tiers as materialized (
              (select 0 as tier, lower(p.display_name) collate "C" as name_key, p.user_id
                 from profiles p join classmates c on c.user_id = p.user_id cross join q
                where p.profile_visibility <> 'NOBODY' and not p.suspended and p.search_words @@ q.words
                  and p.user_id <> :viewer and p.user_id not in (select user_id from blocked) {after0}
                order by 2, 3 limit :limit)
              union all
              (select 1, o.name_key, o.user_id from open_profiles o
                where o.name_key >= :text and o.name_key < :textEnd
                  and o.user_id not in (select user_id from classmates) and o.user_id <> :viewer
                  and o.user_id not in (select user_id from blocked) {after1}
                order by 2, 3 limit :limit)),
            last_tier as (
               select 2 as tier, o.name_key, o.user_id from open_profiles o cross join q
                where (select count(*) from first_tiers) < :limit and o.search_words @@ q.words
                  and not (o.name_key >= :text and o.name_key < :textEnd)
                  and o.user_id not in (select user_id from classmates) and o.user_id <> :viewer
                  and o.user_id not in (select user_id from blocked) {after2}
                order by 2, 3 limit :limit),
            page as (select * from first_tiers union all select * from last_tier
                order by tier, name_key, user_id limit :limit)
            """;

    /** Tier {@code tier}'s rows after the keyset position, given the expression of its name key and its id. */
    private static String after(int tier, SearchRank after, String nameKey, String userId) {
        if (after == null || after.tier() < tier) {
            return "";
        }
        if (after.tier() > tier) {
            return "and false";
        }
        return "and (" + nameKey + ", " + userId + ") > (:afterName collate \"C\", :afterId)";
    }

    /**
     * The first text after every text starting with {@code prefix} in byte order (UTF-8 bytes sort as code
     * points): {@code prefix} with its last code point one higher, so that "starts with" is an index range.
     */
    static String prefixEnd(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        return prefix.substring(0, prefix.length() - Character.charCount(last))
                + new String(Character.toChars(last + 1));
    }

    /**
     * The read of profiles by id, for a viewer ({@code visible}) and for a moderator ({@code any}): the hottest
     * statements of the service (GetProfile, BatchGetProfiles, every write answering a profile), so their text is
     * built and turned into JDBC's positional form once, not on every call (ADR 0078).
     */
    private static final String AMONG_IDS = CIRCLE + "select " + COLUMNS + " from profiles p" + RELATION
            + " where p.user_id = any(cast(:ids as uuid[]))";
    private static final ParsedSql VISIBLE_AMONG_IDS = NamedParameterUtils.parseSqlStatement(
            AMONG_IDS + " and " + VISIBLE);
    private static final ParsedSql ANY_AMONG_IDS = NamedParameterUtils.parseSqlStatement(AMONG_IDS);

    private final NamedParameterJdbcTemplate jdbc;
    private final String visibleAmongIds;
    private final String anyAmongIds;

    public ProfileReads(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.visibleAmongIds = NamedParameterUtils.substituteNamedParameters(VISIBLE_AMONG_IDS, null);
        this.anyAmongIds = NamedParameterUtils.substituteNamedParameters(ANY_AMONG_IDS, null);
    }

    /** The profiles among {@code ids} that {@code viewer} may see (the viewer's own included), in no order. */
    public List<ProfileRow> visible(UUID viewer, Collection<UUID> ids) {
        return profiles(viewer, ids, VISIBLE_AMONG_IDS, visibleAmongIds);
    }

    /**
     * Every profile among {@code ids}, whatever its privacy, blocks or suspension, as {@code moderator} relates to
     * each, in no order: for an administrator, who must know whom a report is about (ADR 0069).
     */
    public List<ProfileRow> anyForModerator(UUID moderator, Collection<UUID> ids) {
        return profiles(moderator, ids, ANY_AMONG_IDS, anyAmongIds);
    }

    private List<ProfileRow> profiles(UUID viewer, Collection<UUID> ids, ParsedSql named, String positional) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // One array parameter rather than a placeholder per id: the same plan (an IN list is an = ANY array to
        // PostgreSQL), without expanding and binding a hundred parameters per call. The ids go as text[], cast
        // in the statement: the driver sends a String[] in binary, while a UUID[] went through its text array
        // form (each id formatted, escaped and copied several times, ADR 0078); PostgreSQL reads them as uuids
        // the same.
        String[] texts = new String[ids.size()];
        int i = 0;
        for (UUID id : ids) {
            texts[i++] = id.toString();
        }
        Object[] values = NamedParameterUtils.buildValueArray(named,
                new MapSqlParameterSource("viewer", viewer).addValue("ids", texts), null);
        return jdbc.getJdbcTemplate().query(positional, (row, n) -> profile(row), values);
    }

    /**
     * Up to {@code limit} people matching {@code terms} that {@code viewer} may see, never the viewer, in search
     * order ({@link SearchRank}), after {@code after} (null for the first page).
     */
    public List<SearchHit> search(UUID viewer, SearchTerms terms, SearchRank after, int limit) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("viewer", viewer)
                .addValue("text", terms.text())
                .addValue("textEnd", prefixEnd(terms.text()))
                .addValue("limit", limit);
        if (after != null) {
            parameters.addValue("afterName", after.nameKey()).addValue("afterId", after.userId());
        }
        String page = PAGE.replace("{after0}", after(0, after, "lower(p.display_name) collate \"C\"", "p.user_id"))
                .replace("{after1}", after(1, after, "o.name_key", "o.user_id"))
                .replace("{after2}", after(2, after, "o.name_key", "o.user_id"));
        // The open tiers' rows are checked against the profile itself too: the rule holds even if the projection
        // lagged.
        String sql = CIRCLE + page + "select " + columns("page.tier = 0", "true")
                + ", page.tier, page.name_key from page join profiles p on p.user_id = page.user_id"
                + " where page.tier = 0 or (p.profile_visibility = 'EVERYONE' and not p.suspended)"
                + " order by page.tier, page.name_key, page.user_id";
        return jdbc.query(sql, parameters, (row, n) -> {
            ProfileRow profile = profile(row);
            return new SearchHit(profile, new SearchRank(row.getInt("tier"), row.getString("name_key"),
                    profile.userId()));
        });
    }

    /**
     * A page of {@code subject}'s followers ({@code followers}) or follows, newest first, before the keyset
     * position ({@code beforeAt}, {@code beforeId}; null for the first page). With {@code onlyVisible}, only the
     * people {@code viewer} may see; otherwise every entry, its profile null where the viewer may not see it.
     */
    public List<FollowRow> follows(UUID viewer, UUID subject, boolean followers, boolean onlyVisible, Instant beforeAt,
                                   UUID beforeId, int limit) {
        String self = followers ? "followed_id" : "follower_id";
        String other = followers ? "follower_id" : "followed_id";
        MapSqlParameterSource parameters = new MapSqlParameterSource("viewer", viewer).addValue("subject", subject)
                .addValue("limit", limit);
        StringBuilder sql = new StringBuilder(CIRCLE).append("select f.").append(other).append(" as other_id, f.created_at as since, ")
                .append(COLUMNS).append(" from follows f join profiles p on p.user_id = f.").append(other)
                .append(RELATION).append(" where f.").append(self).append(" = :subject");
        if (onlyVisible) {
            sql.append(" and ").append(VISIBLE);
        }
        if (beforeId != null) {
            sql.append(" and (f.created_at, f.").append(other).append(") < (:beforeAt, :beforeId)");
            parameters.addValue("beforeAt", Timestamp.from(beforeAt)).addValue("beforeId", beforeId);
        }
        sql.append(" order by f.created_at desc, f.").append(other).append(" desc limit :limit");
        return jdbc.query(sql.toString(), parameters, (row, n) -> new FollowRow(row.getObject("other_id", UUID.class),
                instant(row, "since"), row.getBoolean("visible") ? profile(row) : null));
    }

    /** A page of the people {@code blocker} blocked, newest first, before the keyset position (null: first page). */
    public List<BlockRow> blocked(UUID blocker, Instant beforeAt, UUID beforeId, int limit) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("blocker", blocker).addValue("limit", limit);
        StringBuilder sql = new StringBuilder("select b.blocked_id, b.created_at, p.display_name from blocks b "
                + "join profiles p on p.user_id = b.blocked_id where b.blocker_id = :blocker");
        if (beforeId != null) {
            sql.append(" and (b.created_at, b.blocked_id) < (:beforeAt, :beforeId)");
            parameters.addValue("beforeAt", Timestamp.from(beforeAt)).addValue("beforeId", beforeId);
        }
        sql.append(" order by b.created_at desc, b.blocked_id desc limit :limit");
        return jdbc.query(sql.toString(), parameters, (row, n) -> blockRow(row));
    }

    /** The block of {@code blocked} by {@code blocker}, if it stands. */
    public java.util.Optional<BlockRow> block(UUID blocker, UUID blocked) {
        return jdbc.query("select b.blocked_id, b.created_at, p.display_name from blocks b "
                        + "join profiles p on p.user_id = b.blocked_id "
                        + "where b.blocker_id = :blocker and b.blocked_id = :blocked",
                new MapSqlParameterSource("blocker", blocker).addValue("blocked", blocked),
                (row, n) -> blockRow(row)).stream().findFirst();
    }

    private static BlockRow blockRow(ResultSet row) throws SQLException {
        return new BlockRow(row.getObject("blocked_id", UUID.class), row.getString("display_name"),
                instant(row, "created_at"));
    }

    private static ProfileRow profile(ResultSet row) throws SQLException {
        String[] labels = strings(row.getArray("link_labels"));
        String[] urls = strings(row.getArray("link_urls"));
        List<Link> links = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            links.add(new Link(labels[i], urls[i]));
        }
        return new ProfileRow(
                row.getObject("user_id", UUID.class),
                row.getString("email"),
                row.getString("display_name"),
                row.getString("pronouns"),
                row.getString("bio"),
                row.getString("program"),
                row.getInt("year_of_study"),
                links,
                new Privacy(ProfileVisibility.valueOf(row.getString("profile_visibility")),
                        ContactPermission.valueOf(row.getString("direct_messages")),
                        ContactPermission.valueOf(row.getString("channel_invites")),
                        row.getBoolean("show_email")),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "privacy_updated_at"),
                row.getLong("follower_count"),
                row.getLong("following_count"),
                row.getBoolean("viewer_follows"),
                row.getBoolean("follows_viewer"),
                row.getBoolean("classmate"),
                avatar(row));
    }

    private static StoredAvatar avatar(ResultSet row) throws SQLException {
        UUID version = row.getObject("avatar_version", UUID.class);
        return version == null ? null
                : new StoredAvatar(version, row.getString("avatar_extension"), instant(row, "avatar_updated_at"));
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    /** A {@code timestamptz} column: the driver's Timestamp holds the instant to the microsecond, zone-free. */
    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getTimestamp(column).toInstant();
    }
}
