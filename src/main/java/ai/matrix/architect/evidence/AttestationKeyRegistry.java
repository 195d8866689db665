package ai.matrix.architect.evidence;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The public attestation keys of every process that shares this database. Each process publishes its own at start;
 * an api process then serves the key of an attestation that a worker with another generated key signed. Only
 * public keys are kept: the database never holds a key that can sign.
 */
@Component
class AttestationKeyRegistry implements SmartInitializingSingleton {
    private final JdbcClient jdbc;
    private final AttestationKeys own;
    private final Clock clock;

    AttestationKeyRegistry(JdbcClient jdbc, AttestationKeys own, Clock clock) {
        this.jdbc = jdbc;
        this.own = own;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (stored(own.keyId()).isPresent()) return;
        try {
            jdbc.sql("insert into attestation_keys (key_id, public_pem, first_seen) values (?, ?, ?)")
                    .params(own.keyId(), own.publicPem(), clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException alreadyThere) {
            // another process with the same key (from the same secret) was first
        }
    }

    /** The PEM public key with that id, if a process of this deployment signs with it. */
    Optional<String> find(String keyId) {
        return keyId.equals(own.keyId()) ? Optional.of(own.publicPem()) : stored(keyId);
    }

    private Optional<String> stored(String keyId) {
        return jdbc.sql("select public_pem from attestation_keys where key_id = ?")
                .param(keyId)
                .query(String.class)
                .optional();
    }
}
