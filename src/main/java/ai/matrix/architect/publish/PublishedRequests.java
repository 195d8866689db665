package ai.matrix.architect.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The request each repository, base branch and goal last got, so that a job with {@code publish.reuse} updates it
 * instead of opening a second request for the same change. The goal is compared after case and whitespace are
 * normalised: "Bump  Jackson" and "bump jackson" are one change.
 */
@Component
class PublishedRequests {
    /** A request an earlier job published, on its branch. */
    record Published(String host, long number, String url, String branch, String jobId) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    PublishedRequests(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<Published> find(String repo, String base, String goal) {
        return jdbc.sql("select host, number, url, branch, job_id from published_requests"
                        + " where repo = ? and base = ? and goal_key = ?")
                .params(repo, base, key(goal))
                .query((rs, n) -> new Published(
                        rs.getString("host"),
                        rs.getLong("number"),
                        rs.getString("url"),
                        rs.getString("branch"),
                        rs.getString("job_id")))
                .optional();
    }

    @Transactional
    void record(String repo, String base, String goal, Published p) {
        String key = key(goal);
        jdbc.sql("delete from published_requests where repo = ? and base = ? and goal_key = ?")
                .params(repo, base, key)
                .update();
        jdbc.sql("insert into published_requests (repo, base, goal_key, host, number, url, branch, job_id, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        repo,
                        base,
                        key,
                        p.host(),
                        p.number(),
                        p.url(),
                        p.branch(),
                        p.jobId(),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    static String key(String goal) {
        String normal = goal == null ? "" : goal.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(normal.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
