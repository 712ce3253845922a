package dev.cohort.identity.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.cohort.auth.JwkSetSource;
import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.identity.domain.KeyTimeline;
import dev.cohort.identity.domain.Secrets;
import dev.cohort.identity.security.KeyEncryption;
import dev.cohort.identity.store.SigningKeyEntity;
import dev.cohort.identity.store.SigningKeyRepository;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ES256 keys that sign access tokens, following {@link KeyTimeline}: a new key every rotation period,
 * published {@code publishAhead} before it signs and kept published until its last token has expired, so a
 * rotation signs nobody out and no verifier ever meets an unknown key. Keys live in PostgreSQL (private halves
 * encrypted) so every replica signs with, and publishes, the same keys; an advisory lock makes replicas rotate
 * once between them.
 */
public class SigningKeys implements JwkSetSource {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final long ROTATION_LOCK = 0x636f686f72744bL; // "cohortK"
    /** Beyond the access-token lifetime, for clock differences and the reload interval. */
    private static final Duration PUBLISH_MARGIN = Duration.ofMinutes(5);
    /**
     * Random bytes in a key id (8 base64url characters): an id needs only tell apart the handful of keys published
     * at once, and every token carries one (see {@link AccessTokenIssuer} on token length).
     */
    private static final int KEY_ID_BYTES = 6;

    private final SigningKeyRepository keys;
    private final KeyEncryption encryption;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final IdentityProperties properties;
    private final Clock clock;

    private volatile ECKey signingKey;
    private volatile JWKSet published = new JWKSet();

    public SigningKeys(SigningKeyRepository keys, KeyEncryption encryption, TransactionTemplate transactions,
                       JdbcTemplate jdbc, IdentityProperties properties, Clock clock) {
        this.keys = keys;
        this.encryption = encryption;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Makes sure a key exists (the first one on a new database signs at once) and loads them. */
    public void start() {
        maintain();
        reload();
    }

    /** The key that signs new tokens. */
    public ECKey activeKey() {
        ECKey key = signingKey;
        if (key == null) {
            throw new IllegalStateException("signing keys are not loaded yet");
        }
        return key;
    }

    /** Public keys of every key that is pending or may have signed a token that is still valid. */
    @Override
    public JWKSet fetch() {
        return published;
    }

    /** Adds a key that starts signing after {@code publishAhead}; returns its id. For operators and tests. */
    public String rotate(Duration publishAhead) {
        String kid = transactions.execute(status -> {
            lockRotation();
            return createKey(clock.instant(), publishAhead);
        });
        reload();
        return kid;
    }

    /** Periodically: rotate when due, forget dead keys, and pick up what other replicas did. */
    @Scheduled(initialDelayString = "${cohort.identity.keys.reload-interval:1m}",
            fixedDelayString = "${cohort.identity.keys.reload-interval:1m}")
    public void refresh() {
        maintain();
        reload();
    }

    private void maintain() {
        transactions.executeWithoutResult(status -> {
            lockRotation();
            Instant now = clock.instant();
            KeyTimeline timeline = timeline(keys.findAllByOrderByActivateAtDesc());
            if (timeline.rotationDueAt(now, properties.keys().rotationPeriod())) {
                boolean firstKey = timeline.signingAt(now).isEmpty();
                createKey(now, firstKey ? Duration.ZERO : properties.keys().publishAhead());
            }
            for (KeyTimeline.Key forgotten : timeline.forgottenAt(now)) {
                keys.deleteById(forgotten.kid());
            }
        });
    }

    private void lockRotation() {
        jdbc.queryForList("select pg_advisory_xact_lock(?)", ROTATION_LOCK);
    }

    private String createKey(Instant now, Duration publishAhead) {
        ECKey key = generate();
        byte[] privateJwk = key.toJSONString().getBytes(StandardCharsets.UTF_8);
        keys.save(new SigningKeyEntity(key.getKeyID(), JWSAlgorithm.ES256.getName(), key.toPublicJWK().toJSONString(),
                encryption.encrypt(privateJwk, key.getKeyID()), now, now.plus(publishAhead)));
        log.atInfo().addKeyValue("kid", key.getKeyID()).addKeyValue("activateAt", now.plus(publishAhead))
                .log("created a token signing key");
        return key.getKeyID();
    }

    private void reload() {
        Instant now = clock.instant();
        List<SigningKeyEntity> rows = transactions.execute(status -> keys.findAllByOrderByActivateAtDesc());
        Map<String, SigningKeyEntity> byKid = rows.stream()
                .collect(Collectors.toMap(SigningKeyEntity::kid, Function.identity()));
        KeyTimeline timeline = timeline(rows);
        SigningKeyEntity signing = timeline.signingAt(now).map(key -> byKid.get(key.kid()))
                .orElseThrow(() -> new IllegalStateException("no signing key is active"));
        signingKey = (ECKey) parse(new String(encryption.decrypt(signing.privateKeyCiphertext(), signing.kid()),
                StandardCharsets.UTF_8));
        published = new JWKSet(timeline.publishedAt(now).stream()
                .map(key -> parse(byKid.get(key.kid()).publicJwk()))
                .toList());
    }

    private KeyTimeline timeline(List<SigningKeyEntity> rows) {
        return new KeyTimeline(rows.stream()
                .map(row -> new KeyTimeline.Key(row.kid(), row.createdAt(), row.activateAt()))
                .toList(), properties.tokens().accessTtl().plus(PUBLISH_MARGIN));
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(Secrets.newSecret("", KEY_ID_BYTES))
                    .algorithm(JWSAlgorithm.ES256)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException broken) {
            throw new IllegalStateException("cannot generate a P-256 key", broken);
        }
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException corrupt) {
            throw new IllegalStateException("stored signing key is corrupt", corrupt);
        }
    }
}
