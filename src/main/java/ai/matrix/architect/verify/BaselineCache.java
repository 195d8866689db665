package ai.matrix.architect.verify;

import ai.matrix.architect.ecosystem.Check;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * What a check did on a base commit ({@code verify_baselines}), so that a retry or another job on the same base
 * commit does not run it again. The key covers the project and the repository (no project reads another's), the
 * base commit and everything that makes the check what it is: name, command, image and environment.
 */
@Repository
class BaselineCache {
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    BaselineCache(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The key of {@code check} on {@code baseCommit} for the project's repository. */
    static String key(String project, String repository, String baseCommit, Check check) {
        StringBuilder s = new StringBuilder();
        for (String part : new String[] {
            project, repository, baseCommit, check.name(), check.profile(), check.command(), check.image()
        }) {
            s.append(part).append('\0');
        }
        new TreeMap<>(check.env())
                .forEach((k, v) -> s.append(k).append('=').append(v).append('\0'));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached run; a row this version cannot read counts as absent (it is run again and replaced). */
    Optional<FailureClassification.BaseRun> find(String key) {
        return jdbc.sql("select result from verify_baselines where cache_key = ?")
                .param(key)
                .query(String.class)
                .optional()
                .flatMap(text -> {
                    try {
                        return Optional.of(json.readValue(text, FailureClassification.BaseRun.class));
                    } catch (JacksonException e) {
                        jdbc.sql("delete from verify_baselines where cache_key = ?")
                                .param(key)
                                .update();
                        return Optional.empty();
                    }
                });
    }

    /** Keeps a comparable run; another job that stored the same key first wins (both ran the same thing). */
    void put(String key, String baseCommit, String check, String jobId, FailureClassification.BaseRun run) {
        if (!run.comparable()) return;
        try {
            jdbc.sql("insert into verify_baselines (cache_key, base_commit, check_name, result, job_id, created_at)"
                            + " values (?, ?, ?, ?, ?, ?)")
                    .params(
                            key,
                            baseCommit,
                            check.length() <= 200 ? check : check.substring(0, 200),
                            json.writeValueAsString(run),
                            jobId,
                            clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            // a concurrent job on the same base commit stored it first
        }
    }
}
