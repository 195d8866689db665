package ai.matrix.architect.artifact;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.job.CheckpointRetry;
import ai.matrix.architect.secret.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A job's artifacts: bytes in the {@link BlobStore}, name, kind, size and digest in the database. */
@Service
public class Artifacts {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final BlobStore blobs;
    private final Redactor redactor;
    private final CheckpointRetry retry;

    private final Path tempDir;

    /** Text artifacts are stored with every secret value this process handed out masked. */
    public Artifacts(
            JdbcClient jdbc,
            BlobStore blobs,
            Redactor redactor,
            Clock clock,
            ArchitectProperties props,
            CheckpointRetry retry) {
        this.tempDir = tempDir(props);
        this.retry = retry;
        this.clock = clock;
        this.jdbc = jdbc;
        this.blobs = blobs;
        this.redactor = redactor;
    }

    private static boolean isText(String mediaType) {
        String m = mediaType.toLowerCase(java.util.Locale.ROOT);
        return m.startsWith("text/")
                || m.contains("json")
                || m.contains("xml")
                || m.contains("yaml")
                || m.contains("diff")
                || m.contains("patch");
    }

    /** Where this process keeps the files artifacts pass through (swept at start by {@link ArtifactTempSweep}). */
    static Path tempDir(ArchitectProperties props) {
        return props.dataDir().resolve("tmp").toAbsolutePath().normalize();
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    public ArtifactInfo putText(String jobId, String stage, String name, String kind, String mediaType, String text) {
        try {
            Path tmp = TempFiles.create(tempDir, ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                return put(jobId, stage, name, kind, mediaType, tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores (or replaces, when a stage runs again) the named artifact of the job. */
    public ArtifactInfo put(String jobId, String stage, String name, String kind, String mediaType, Path file) {
        if (!isValidName(name)) throw new IllegalArgumentException("bad artifact name " + name);
        if (redactor.active() && isText(mediaType)) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String clean = redactor.redact(text);
                if (!clean.equals(text)) {
                    Path tmp = TempFiles.create(tempDir, ".redacted");
                    try {
                        Files.writeString(tmp, clean, StandardCharsets.UTF_8);
                        return put(jobId, stage, name, kind, mediaType, tmp);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            } catch (java.nio.charset.MalformedInputException e) {
                // not UTF-8 text after all: stored as it is
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            String sha256 = sha256(file);
            long size = Files.size(file);
            blobs.put(key(jobId, name), file);
            Instant now = clock.instant();
            // the stage's work is done when its artifacts are saved: a database restart is waited out
            return retry.write(() -> record(jobId, stage, name, kind, mediaType, size, sha256, now));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ArtifactInfo record(
            String jobId,
            String stage,
            String name,
            String kind,
            String mediaType,
            long size,
            String sha256,
            Instant now) {
        Optional<ArtifactInfo> existing = find(jobId, name);
        String id = existing.map(ArtifactInfo::id).orElseGet(() -> ai.matrix.architect.job.Ids.next("art", clock));
        if (existing.isPresent()) {
            jdbc.sql("update artifacts set kind = ?, media_type = ?, size = ?, sha256 = ?, stage = ?, created_at = ?"
                            + " where id = ?")
                    .params(kind, mediaType, size, sha256, stage, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), id)
                    .update();
        } else {
            jdbc.sql("insert into artifacts (id, job_id, name, kind, media_type, size, sha256, stage, created_at)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            id,
                            jobId,
                            name,
                            kind,
                            mediaType,
                            size,
                            sha256,
                            stage,
                            OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                    .update();
        }
        return new ArtifactInfo(id, jobId, name, kind, mediaType, size, sha256, stage, now);
    }

    public List<ArtifactInfo> list(String jobId) {
        return jdbc.sql("select * from artifacts where job_id = ? order by created_at, name")
                .param(jobId)
                .query(this::map)
                .list();
    }

    public Optional<ArtifactInfo> find(String jobId, String name) {
        if (!isValidName(name)) return Optional.empty();
        return jdbc.sql("select * from artifacts where job_id = ? and name = ?")
                .params(jobId, name)
                .query(this::map)
                .optional();
    }

    /** Removes the artifact: its record first, so that nobody is offered bytes that are about to go. */
    public void delete(ArtifactInfo info) {
        jdbc.sql("delete from artifacts where id = ?").param(info.id()).update();
        try {
            blobs.delete(key(info.jobId(), info.name()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the bytes of artifact " + info.id(), e);
        }
    }

    public InputStream open(ArtifactInfo info) throws IOException {
        return blobs.open(key(info.jobId(), info.name()));
    }

    private static String key(String jobId, String name) {
        return jobId + "/" + name;
    }

    private ArtifactInfo map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        OffsetDateTime at = rs.getObject("created_at", OffsetDateTime.class);
        return new ArtifactInfo(
                rs.getString("id"),
                rs.getString("job_id"),
                rs.getString("name"),
                rs.getString("kind"),
                rs.getString("media_type"),
                rs.getLong("size"),
                rs.getString("sha256"),
                rs.getString("stage"),
                at == null ? null : at.toInstant());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
