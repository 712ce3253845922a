package dev.cohort.paging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * Decoding arbitrary input: it is either refused as INVALID_PAGE_TOKEN or (for a token this codec issued) read
 * back; nothing else may escape, since anything else would be INTERNAL for a client. Without JAZZER_FUZZ the
 * kept inputs under {@code PageTokenCodecFuzzTestInputs/} run as regression tests in every build.
 */
class PageTokenCodecFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final PageTokenKey KEY = PageTokenKey.fromBase64(Base64.getEncoder().encodeToString(
            "a fixed key for fuzzing, 32+ bytes long".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    private static final PageTokenCodec CODEC = new PageTokenCodec(KEY, CLOCK, Duration.ofHours(1));
    private static final PageQuery QUERY = PageQuery.of("fuzz.list", UUID.fromString(
            "00000000-0000-0000-0000-000000000001"));
    private static final TimeAndId POSITION = new TimeAndId(Instant.parse("2026-02-01T00:00:00Z"), new UUID(1, 2));

    @FuzzTest(maxDuration = "30s")
    void decodeRefusesAnythingItDidNotIssue(FuzzedDataProvider data) {
        String token = data.consumeRemainingAsString();
        try {
            var cursor = CODEC.decode(QUERY, TimeAndId.FORMAT, token);
            // Only the empty token (first page) reads without a MAC check.
            assertThat(token == null || token.isEmpty()).as("accepted %s", token).isTrue();
            assertThat(cursor).isEmpty();
        } catch (InvalidArgumentException refused) {
            assertThat(refused.reason()).isEqualTo(PageTokenCodec.INVALID_PAGE_TOKEN);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void decodeRefusesEveryAlterationOfAnIssuedToken(FuzzedDataProvider data) {
        byte[] issued = Base64.getUrlDecoder().decode(CODEC.encode(QUERY, TimeAndId.FORMAT, POSITION));
        byte[] altered = issued.clone();
        int edits = data.consumeInt(1, 8);
        for (int i = 0; i < edits; i++) {
            int at = data.consumeInt(0, altered.length - 1);
            altered[at] = data.consumeByte();
        }
        if (java.util.Arrays.equals(issued, altered)) {
            assertThat(CODEC.decode(QUERY, TimeAndId.FORMAT, encode(altered))).contains(POSITION);
            return;
        }
        try {
            CODEC.decode(QUERY, TimeAndId.FORMAT, encode(altered));
            throw new AssertionError("an altered token was accepted");
        } catch (InvalidArgumentException refused) {
            assertThat(refused.reason()).isEqualTo(PageTokenCodec.INVALID_PAGE_TOKEN);
        }
    }

    private static String encode(byte[] raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
