package ai.matrix.architect.workspace;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The public commit-signing keys of every process that shares this database. Each process publishes its own at
 * start, so that an api process that signs nothing itself still serves the keys of the workers' commits. Only
 * public keys are kept.
 */
@Component
public class CommitSigningKeyRegistry implements SmartInitializingSingleton {
    private final JdbcClient jdbc;
    private final CommitSigning own;
    private final Clock clock;

    CommitSigningKeyRegistry(JdbcClient jdbc, CommitSigning own, Clock clock) {
        this.jdbc = jdbc;
        this.own = own;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!own.enabled() || known().contains(own.publicKey())) return;
        try {
            jdbc.sql("insert into commit_signing_keys (public_key, first_seen) values (?, ?)")
                    .params(own.publicKey(), clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException alreadyThere) {
            // another process with the same key (from the same secret) was first
        }
    }

    /** Every key a process of this deployment signs (or signed) commits with, this process's first. */
    public List<String> publicKeys() {
        List<String> keys = new ArrayList<>();
        if (own.enabled()) keys.add(own.publicKey());
        for (String k : known()) if (!keys.contains(k)) keys.add(k);
        return keys;
    }

    /** git's {@code gpg.ssh.allowedSignersFile} lines that accept every key of {@link #publicKeys()}. */
    public List<String> allowedSigners() {
        return publicKeys().stream().map(CommitSigning::allowedSigner).toList();
    }

    private List<String> known() {
        return jdbc.sql("select public_key from commit_signing_keys order by first_seen, public_key")
                .query(String.class)
                .list();
    }
}
