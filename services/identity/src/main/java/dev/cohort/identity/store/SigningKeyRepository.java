package dev.cohort.identity.store;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SigningKeyRepository extends JpaRepository<SigningKeyEntity, String> {

    List<SigningKeyEntity> findAllByOrderByCreatedAtDesc();
}
