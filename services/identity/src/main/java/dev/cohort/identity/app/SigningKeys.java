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
import dev.cohort.identity.security.KeyEncryption;
import dev.cohort.identity.store.SigningKeyEntity;
import dev.cohort.identity.store.SigningKeyRepository;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ES256 keys that sign access tokens. The newest key signs; when it is older than the rotation period a new
 * one takes over and the old one is retired but stays in the JWK Set until every token it signed has expired,
 * so rotation signs nobody out. Keys live in PostgreSQL (private halves encrypted) so that every replica signs
 * with, and publishes, the same keys; a PostgreSQL advisory lock makes sure replicas rotate once, not each.
 */
public class SigningKeys implements JwkSetSource {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final long ROTATION_LOCK = 0x636f686f72744bL; // "cohortK": one lock id for key rotation
    /** Extra time a retired key stays published, beyond the access-token lifetime (covers cached keys). */
    private static final Duration PUBLISH_MARGIN = Duration.ofMinutes(5);

    private final SigningKeyRepository keys;
    private final KeyEncryption encryption;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final IdentityProperties properties;
    private final Clock clock;

    private volatile ECKey activeKey;
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

    /** Makes sure a current key exists (creating the first one on a new database) and loads the ring. */
    public void start() {
        rotateIfDue();
        reload();
    }

    /** The key that signs new tokens. */
    public ECKey activeKey() {
        ECKey key = activeKey;
        if (key == null) {
            throw new IllegalStateException("signing keys are not loaded yet");
        }
        return key;
    }

    /** Public keys of every token that may still be valid. */
    @Override
    public JWKSet fetch() {
        return published;
    }

    /** Creates a new key now and retires the current one. Returns the new key id. */
    public String rotate() {
        String kid = transactions.execute(status -> {
            lockRotation();
            return createKeyRetiringOthers(clock.instant());
        });
        reload();
        return kid;
    }

    /** Periodically: rotate when due, and pick up keys other replicas created. */
    @Scheduled(initialDelayString = "${cohort.identity.keys.reload-interval:1m}",
            fixedDelayString = "${cohort.identity.keys.reload-interval:1m}")
    public void refresh() {
        rotateIfDue();
        reload();
    }

    private void rotateIfDue() {
        transactions.executeWithoutResult(status -> {
            lockRotation();
            Instant now = clock.instant();
            boolean due = keys.findAllByOrderByCreatedAtDesc().stream()
                    .filter(key -> !key.isRetired())
                    .findFirst()
                    .map(current -> !current.createdAt().plus(properties.keys().rotationPeriod()).isAfter(now))
                    .orElse(true);
            if (due) {
                createKeyRetiringOthers(now);
            }
        });
    }

    private void lockRotation() {
        jdbc.queryForList("select pg_advisory_xact_lock(?)", ROTATION_LOCK);
    }

    private String createKeyRetiringOthers(Instant now) {
        Instant publishUntil = now.plus(properties.tokens().accessTtl()).plus(PUBLISH_MARGIN);
        for (SigningKeyEntity existing : keys.findAllByOrderByCreatedAtDesc()) {
            if (!existing.isRetired()) {
                existing.retire(now, publishUntil);
            }
        }
        ECKey key = generate();
        byte[] privateJwk = key.toJSONString().getBytes(StandardCharsets.UTF_8);
        keys.save(new SigningKeyEntity(key.getKeyID(), JWSAlgorithm.ES256.getName(), key.toPublicJWK().toJSONString(),
                encryption.encrypt(privateJwk, key.getKeyID()), now));
        log.atInfo().addKeyValue("kid", key.getKeyID()).log("created a new token signing key");
        return key.getKeyID();
    }

    private void reload() {
        Instant now = clock.instant();
        List<SigningKeyEntity> rows = transactions.execute(status -> keys.findAllByOrderByCreatedAtDesc());
        List<JWK> publicKeys = new ArrayList<>();
        ECKey newest = null;
        for (SigningKeyEntity row : rows) {
            if (!row.isPublishedAt(now)) {
                continue;
            }
            publicKeys.add(parse(row.publicJwk()));
            if (newest == null && !row.isRetired()) {
                newest = ECKey.class.cast(parse(new String(encryption.decrypt(row.privateKeyCiphertext(), row.kid()),
                        StandardCharsets.UTF_8)));
            }
        }
        if (newest == null) {
            throw new IllegalStateException("no active signing key in the database");
        }
        activeKey = newest;
        published = new JWKSet(publicKeys);
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID("es256-" + UUID.randomUUID())
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
