package dev.cohort.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.testkit.MovableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageTokenCodecTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final UUID ALICE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final PageQuery ALICES_LIST = PageQuery.of("chat.conversations", ALICE).with("archived", false);
    private static final TimeAndId POSITION = new TimeAndId(Instant.parse("2026-02-28T09:30:15.123456789Z"),
            UUID.fromString("0190c2a4-1d3e-7c1a-9b2f-3a4b5c6d7e8f"));

    private final MovableClock clock = new MovableClock(NOW);
    private final PageTokenKey key = randomKey();
    private final PageTokenCodec codec = new PageTokenCodec(key, clock, Duration.ofHours(1));

    @Test
    void returnsTheCursorItIssued() {
        String token = codec.encode(ALICES_LIST, TimeAndId.FORMAT, POSITION);

        assertThat(codec.decode(ALICES_LIST, TimeAndId.FORMAT, token)).contains(POSITION);
    }

    @Test
    void issuesUrlSafeTextShortEnoughForEveryContract() {
        String token = codec.encode(ALICES_LIST, TimeAndId.FORMAT, POSITION);

        assertThat(token).matches("[A-Za-z0-9_-]+");
        // chat's and group's contracts cap page_token at 200 characters.
        assertThat(token.length()).isLessThanOrEqualTo(200);
    }

    @Test
    void readsTheEmptyTokenAsTheFirstPage() {
        assertThat(codec.decode(ALICES_LIST, TimeAndId.FORMAT, "")).isEmpty();
        assertThat(codec.decode(ALICES_LIST, TimeAndId.FORMAT, null)).isEmpty();
    }

    @Test
    void roundTripsEveryFieldKindOfACursor() {
        record Row(LocalDate day, String code, double score, long sequence) {
        }
        CursorFormat<Row> format = new CursorFormat<>() {
            @Override
            public void write(Row row, CursorBytes.Writer out) {
                out.putDate(row.day()).putString(row.code()).putDouble(row.score()).putLong(row.sequence());
            }

            @Override
            public Row read(CursorBytes.Reader in) {
                return new Row(in.getDate(), in.getString(), in.getDouble(), in.getLong());
            }
        };
        Row row = new Row(LocalDate.of(2026, 9, 1), "CS-101 Ünïcode", 0.0607927, Long.MAX_VALUE);
        PageQuery query = PageQuery.anonymous("course.sections").with("course", "c1");

        assertThat(codec.decode(query, format, codec.encode(query, format, row))).contains(row);
    }

    @Test
    void refusesGarbage() {
        for (String garbage : new String[] {"x", "not a token", "%%%", "AAAA", "////", "a".repeat(600),
                Base64.getUrlEncoder().encodeToString(new byte[80])}) {
            assertInvalid(garbage);
        }
    }

    @Test
    void refusesATruncatedToken() {
        String token = codec.encode(ALICES_LIST, TimeAndId.FORMAT, POSITION);

        assertInvalid(token.substring(0, token.length() - 1));
        assertInvalid(token.substring(0, token.length() / 2));
    }

    @Test
    void refusesAnAlteredTokenWhicheverByteChanged() {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode(ALICES_LIST, TimeAndId.FORMAT, POSITION));
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 0x01;
            assertInvalid(Base64.getUrlEncoder().withoutPadding().encodeToString(altered));
        }
    }

    @Test
    void refusesATokenWithBytesAppended() {
        String token = codec.encode(ALICES_LIST, TimeAndId.FORMAT, POSITION);

        assertInvalid(token + "AA");
    }

    @Test
    void refusesATokenSignedWithAnotherKey() {
        String forged = new PageTokenCodec(randomKey(), clock, Duration.ofHours(1))
                .encode(ALICES_LIST, TimeAndId.FORMAT, POSITION);

        assertInvalid(forged);
    }

    @Test
    void refusesAnotherVersion() {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode(ALICES_LIST, TimeAndId.FORMAT, POSITION));
        raw[0] = (byte) (PageTokenCodec.VERSION + 1);

        assertInvalid(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    }

    @Test
    void bindsTheTokenToItsCaller() {
        String alices = codec.encode(ALICES_LIST, TimeAndId.FORMAT, POSITION);
        PageQuery bobsList = PageQuery.of("chat.conversations", BOB).with("archived", false);

        assertThatThrownBy(() -> codec.decode(bobsList, TimeAndId.FORMAT, alices)).satisfies(this::isInvalidToken);
        assertThatThrownBy(() -> codec.decode(PageQuery.anonymous("chat.conversations").with("archived", false),
                TimeAndId.FORMAT, alices)).satisfies(this::isInvalidToken);
    }

    @Test
    void bindsTheTokenToItsListAndFilters() {
        String token = codec.encode(ALICES_LIST, TimeAndId.FORMAT, POSITION);

        for (PageQuery other : new PageQuery[] {
                PageQuery.of("chat.conversations", ALICE).with("archived", true),
                PageQuery.of("chat.conversations", ALICE),
                PageQuery.of("group.mine", ALICE).with("archived", false),
                PageQuery.of("chat.conversations", ALICE).with("archived", false).with("pinned", null)}) {
            assertThatThrownBy(() -> codec.decode(other, TimeAndId.FORMAT, token)).satisfies(this::isInvalidToken);
        }
    }

    @Test
    void tellsNullFromTheTextNullAndKeepsPartsApart() {
        assertThat(PageQuery.anonymous("l").with("a", null).digest())
                .isNotEqualTo(PageQuery.anonymous("l").with("a", "null").digest());
        assertThat(PageQuery.anonymous("l").with("a", "bc").digest())
                .isNotEqualTo(PageQuery.anonymous("l").with("ab", "c").digest());
    }

    @Test
    void acceptsATokenUntilItExpires() {
        String token = codec.encode(ALICES_LIST, TimeAndId.FORMAT, POSITION);

        clock.advance(Duration.ofMinutes(59));
        assertThat(codec.decode(ALICES_LIST, TimeAndId.FORMAT, token)).contains(POSITION);

        clock.advance(Duration.ofMinutes(1));
        assertInvalid(token);
    }

    @Test
    void refusesAKeyThatIsMissingMalformedOrShort() {
        assertThatThrownBy(() -> PageTokenKey.fromBase64(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cohort.paging.token-key is not set").hasMessageContaining("COHORT_PAGING_TOKENKEY");
        assertThatThrownBy(() -> PageTokenKey.fromBase64("")).hasMessageContaining("is not set");
        assertThatThrownBy(() -> PageTokenKey.fromBase64("not base64!")).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> PageTokenKey.fromBase64(Base64.getEncoder().encodeToString(new byte[31])))
                .hasMessageContaining("at least 32 bytes");
    }

    private void assertInvalid(String token) {
        assertThatThrownBy(() -> codec.decode(ALICES_LIST, TimeAndId.FORMAT, token))
                .as("token %s", token).satisfies(this::isInvalidToken);
    }

    private void isInvalidToken(Throwable thrown) {
        assertThat(thrown).isInstanceOf(InvalidArgumentException.class);
        InvalidArgumentException invalid = (InvalidArgumentException) thrown;
        assertThat(invalid.reason()).isEqualTo("INVALID_PAGE_TOKEN");
        assertThat(invalid.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("page_token"));
    }

    static PageTokenKey randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return PageTokenKey.fromBase64(Base64.getEncoder().encodeToString(bytes));
    }
}
