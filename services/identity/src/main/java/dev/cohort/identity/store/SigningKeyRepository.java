package dev.cohort.identity.store;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SigningKeyRepository extends JpaRepository<SigningKeyEntity, String> {

    /** Newest first: pending keys, then the signing key, then the ones it superseded. */
    List<SigningKeyEntity> findAllByOrderByActivateAtDesc();
}
