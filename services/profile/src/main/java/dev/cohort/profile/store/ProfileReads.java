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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

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
     * How well a profile matches a search, classmates always first: being a classmate outweighs any match
     * (10 against at most 4.5), then a name starting with the text, every word starting a word of the name or
     * program, and trigram resemblance of name and program.
     */
    private static final String SCORE = """
            (case when p.classmate then 10 else 0 end
             + case when lower(p.display_name) like :startsWith then 2 else 0 end
             + case when p.search_words @@ q.words then 1 else 0 end
             + word_similarity(:text, lower(p.display_name))
             + 0.5 * word_similarity(:text, lower(p.program)))::float8""";

    /**
     * A match: every typed word starts a word of the name or program (GIN on the tsvector), or the text resembles
     * the name or the program (GIN trigram indexes, pg_trgm's word similarity threshold).
     */
    private static final String MATCH = """
            (p.search_words @@ q.words or :text <% lower(p.display_name) or :text <% lower(p.program))""";

    /**
     * The people a search may find, in two parts that cannot overlap: classmates whose profile is not hidden from
     * everyone (found by key from the viewer's circle), and anyone else whose profile is open to everyone (found
     * through the partial indexes of open profiles), neither suspended. That is exactly the visibility rule for
     * someone other than the viewer, less the blocks, which the caller of this fragment removes.
     */
    private static final String FINDABLE = """
            (select p.*, true as classmate from profiles p join classmates c on c.user_id = p.user_id cross join q
              where p.profile_visibility <> 'NOBODY' and not p.suspended and {match}
             union all
             select p.*, false as classmate from profiles p cross join q
              where p.profile_visibility = 'EVERYONE' and not p.suspended and {match}
                and p.user_id not in (select user_id from classmates)) p""".replace("{match}", MATCH);

    private final NamedParameterJdbcTemplate jdbc;

    public ProfileReads(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The profiles among {@code ids} that {@code viewer} may see (the viewer's own included), in no order. */
    public List<ProfileRow> visible(UUID viewer, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query(CIRCLE + "select " + COLUMNS + " from profiles p" + RELATION
                        + " where p.user_id in (:ids) and " + VISIBLE,
                new MapSqlParameterSource("viewer", viewer).addValue("ids", ids), (row, n) -> profile(row));
    }

    /**
     * Up to {@code limit} people matching {@code terms} that {@code viewer} may see, never the viewer, best first,
     * after the keyset position ({@code afterScore}, {@code afterId}); {@code afterId} null for the first page.
     */
    public List<SearchHit> search(UUID viewer, SearchTerms terms, double afterScore, UUID afterId, int limit) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("viewer", viewer)
                .addValue("text", terms.text())
                .addValue("startsWith", terms.startsWithPattern())
                .addValue("words", terms.prefixQuery())
                .addValue("limit", limit);
        StringBuilder sql = new StringBuilder(CIRCLE)
                .append(", q as materialized (select to_tsquery('simple', :words) as words)")
                .append(" select * from (select ").append(columns("p.classmate", "true")).append(", ").append(SCORE)
                .append(" as score from ").append(FINDABLE).append(" cross join q")
                .append(" where p.user_id <> :viewer and p.user_id not in (select user_id from blocked)")
                .append(") ranked");
        if (afterId != null) {
            sql.append(" where score < :afterScore or (score = :afterScore and user_id > :afterId)");
            parameters.addValue("afterScore", afterScore).addValue("afterId", afterId);
        }
        sql.append(" order by score desc, user_id limit :limit");
        return jdbc.query(sql.toString(), parameters, (row, n) -> new SearchHit(profile(row), row.getDouble("score")));
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

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
