package ai.matrix.architect.evidence;

import ai.matrix.architect.audit.AuditLog;
import ai.matrix.architect.audit.AuditProperties;
import ai.matrix.architect.config.ArchitectProperties;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log's head, signed with the attestation key at an interval and on shutdown, like CloudTrail's digest
 * files: each signed head names the chain hash at a sequence number and the SHA-256 of the previous signed head's
 * payload. Someone who can rewrite {@code audit_log} can recompute its hash chain, but not these signatures: a
 * rewritten entry at or before a signed sequence no longer has the hash its head signed. Kept in
 * {@code audit_signed_heads} and written as files (docs/evidence.md, "Signed audit heads").
 */
@Component
public class AuditHeads implements SmartInitializingSingleton {
    public static final String PREDICATE_TYPE = "https://matrix-architect.ai/attestation/audit-head/v1";
    private static final Logger log = LoggerFactory.getLogger(AuditHeads.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One signed head as stored. */
    public record SignedHead(
            long id,
            long sequence,
            String headHash,
            String previous,
            String payloadSha256,
            String keyId,
            Instant signedAt,
            String envelope) {}

    /** Whether every signed head holds: signature, chain of heads, and the log's entry at its sequence. */
    public record Check(boolean ok, int heads, Long badSequence, String reason) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final AttestationKeys keys;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final TaskScheduler scheduler;
    private final AuditProperties props;
    private final Path dir;

    AuditHeads(
            JdbcClient jdbc,
            AuditLog audit,
            AttestationKeys keys,
            Clock clock,
            PlatformTransactionManager transactions,
            TaskScheduler scheduler,
            AuditProperties props,
            ArchitectProperties architect) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.keys = keys;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.scheduler = scheduler;
        this.props = props;
        this.dir = props.headsDir().isBlank() ? architect.dataDir().resolve("audit-heads") : Path.of(props.headsDir());
    }

    @Override
    public void afterSingletonsInstantiated() {
        scheduler.scheduleWithFixedDelay(
                this::signQuietly, clock.instant().plus(props.headInterval()), props.headInterval());
    }

    @PreDestroy
    void signOnShutdown() {
        signQuietly();
    }

    private void signQuietly() {
        try {
            sign();
        } catch (RuntimeException e) {
            log.warn("the audit head could not be signed (next try at the next interval): {}", e.getMessage());
        }
    }

    /** Signs the head as it is now, unless the last signed head already names it; the new signed head, if any. */
    public Optional<SignedHead> sign() {
        audit.chain();
        SignedHead signed = tx.execute(status -> signWhileHeadLocked());
        if (signed != null) export(signed);
        return Optional.ofNullable(signed);
    }

    private SignedHead signWhileHeadLocked() {
        Map<String, Object> head = jdbc.sql("select seq, hash from audit_head where id = 1 for update")
                .query()
                .singleRow();
        long seq = ((Number) AuditLog.column(head, "seq")).longValue();
        String hash = (String) AuditLog.column(head, "hash");
        Optional<SignedHead> last = list(1).stream().findFirst();
        if (last.isPresent() && last.get().sequence() == seq) return null;
        long id = last.map(h -> h.id() + 1).orElse(1L);
        Instant now = clock.instant();
        ObjectNode st = JSON.createObjectNode();
        st.put("_type", AttestationVerifier.STATEMENT_TYPE);
        ObjectNode subject = st.putArray("subject").addObject();
        subject.put("name", "audit-log");
        subject.putObject("digest").put("sha256", hash);
        st.put("predicateType", PREDICATE_TYPE);
        ObjectNode p = st.putObject("predicate");
        p.put("signed_head", id);
        p.put("sequence", seq);
        p.put("head_hash", hash);
        p.put("previous", last.map(SignedHead::payloadSha256).orElse(null));
        p.put("signed_at", now.toString());
        byte[] payload = st.toString().getBytes(StandardCharsets.UTF_8);
        String envelope = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, keys.privateKey(), keys.keyId())
                .toString();
        SignedHead signed = new SignedHead(
                id,
                seq,
                hash,
                last.map(SignedHead::payloadSha256).orElse(null),
                Dsse.sha256(payload),
                keys.keyId(),
                now,
                envelope);
        jdbc.sql("insert into audit_signed_heads (id, audit_seq, audit_hash, previous, payload_sha256, key_id,"
                        + " signed_at, envelope) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        seq,
                        hash,
                        signed.previous(),
                        signed.payloadSha256(),
                        signed.keyId(),
                        now.atOffset(ZoneOffset.UTC),
                        envelope)
                .update();
        return signed;
    }

    private void export(SignedHead h) {
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve(String.format("%08d-seq-%d.intoto.json", h.id(), h.sequence())), h.envelope());
        } catch (IOException e) {
            log.warn("signed audit head {} is in the database but could not be written to {}: {}", h.id(), dir, e);
        }
    }

    /** The newest signed heads first. */
    public List<SignedHead> list(int limit) {
        return jdbc.sql("select * from audit_signed_heads order by id desc limit ?")
                .param(limit)
                .query((rs, n) -> new SignedHead(
                        rs.getLong("id"),
                        rs.getLong("audit_seq"),
                        rs.getString("audit_hash"),
                        rs.getString("previous"),
                        rs.getString("payload_sha256"),
                        rs.getString("key_id"),
                        rs.getObject("signed_at", OffsetDateTime.class).toInstant(),
                        rs.getString("envelope")))
                .list();
    }

    /**
     * Checks every signed head, oldest first: its signature (with the key of its key id), that it names the one
     * before it, and that the log's entry at its sequence still has the hash it signed.
     */
    public Check verify() {
        audit.chain();
        List<SignedHead> heads = list(Integer.MAX_VALUE).reversed();
        String previous = null;
        for (SignedHead h : heads) {
            Optional<String> bad = check(h, previous);
            if (bad.isPresent()) return new Check(false, heads.size(), h.sequence(), bad.get());
            previous = h.payloadSha256();
        }
        return new Check(true, heads.size(), null, null);
    }

    private Optional<String> check(SignedHead h, String previous) {
        JsonNode env = JSON.readTree(h.envelope());
        byte[] payload = Base64.getDecoder().decode(env.path("payload").asString());
        byte[] sig = Base64.getDecoder()
                .decode(env.path("signatures").get(0).path("sig").asString());
        Optional<PublicKey> key = publicKey(h.keyId());
        if (key.isEmpty())
            return Optional.of("signed head " + h.id() + " names key " + h.keyId() + ", which no"
                    + " process of this deployment published");
        if (!Dsse.verify(env.path("payloadType").asString(), payload, sig, key.get())) {
            return Optional.of("the signature of head " + h.id() + " does not verify with key " + h.keyId());
        }
        JsonNode p = JSON.readTree(payload).path("predicate");
        if (p.path("sequence").asLong() != h.sequence()
                || !h.headHash().equals(p.path("head_hash").asString())) {
            return Optional.of("signed head " + h.id() + "'s row does not say what its signature covers");
        }
        JsonNode named = p.path("previous");
        if (!java.util.Objects.equals(named.isNull() ? null : named.asString(), previous)) {
            return Optional.of("signed head " + h.id() + " does not name the signed head before it");
        }
        if (h.sequence() == 0) return Optional.empty();
        Optional<String> now = jdbc.sql("select hash from audit_log where seq = ?")
                .param(h.sequence())
                .query(String.class)
                .optional();
        if (now.isEmpty()) return Optional.of("entry " + h.sequence() + ", signed in head " + h.id() + ", is gone");
        if (!now.get().equals(h.headHash())) {
            return Optional.of("entry " + h.sequence() + " hashes to " + now.get() + " now, but head " + h.id()
                    + " signed at " + h.signedAt() + " names " + h.headHash()
                    + ": the log up to it was rewritten");
        }
        return Optional.empty();
    }

    private Optional<PublicKey> publicKey(String keyId) {
        if (keyId.equals(keys.keyId())) return Optional.of(keys.publicKey());
        return jdbc.sql("select public_pem from attestation_keys where key_id = ?")
                .param(keyId)
                .query(String.class)
                .optional()
                .map(pem -> {
                    try {
                        return AttestationKeys.parsePublicPem(pem);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("the stored key " + keyId + " is unreadable", e);
                    }
                });
    }
}
