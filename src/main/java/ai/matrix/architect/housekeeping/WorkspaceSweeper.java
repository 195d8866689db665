package ai.matrix.architect.housekeeping;

import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.workspace.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Removes this machine's workspaces of finished jobs, keeping the most recently failed ones for debugging. A job
 * that is retried later gets its workspace rebuilt from its recorded diff, so nothing is lost with the directory.
 */
@Component
class WorkspaceSweeper {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceSweeper.class);
    private static final int CHUNK = 200;

    private final JdbcClient jdbc;
    private final Workspaces workspaces;
    private final HousekeepingProperties props;

    WorkspaceSweeper(JdbcClient jdbc, Workspaces workspaces, HousekeepingProperties props) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
        this.props = props;
    }

    record Result(int removed, long bytes, int kept) {}

    private record JobState(JobStatus status, Instant finishedAt) {}

    Result sweep() {
        List<String> ids = workspaceIds();
        Map<String, JobState> states = states(ids);
        Set<String> keep = new HashSet<>(ids.stream()
                .filter(id -> states.containsKey(id) && states.get(id).status() == JobStatus.FAILED)
                .sorted(Comparator.comparing((String id) -> finishedAt(states.get(id)))
                        .reversed())
                .limit(props.keepFailedWorkspaces())
                .toList());
        int removed = 0;
        long bytes = 0;
        for (String id : ids) {
            JobState state = states.get(id);
            boolean finished = state == null || state.status().isFinal();
            if (!finished || keep.contains(id)) continue;
            // the job may have been retried since the states were read: look again just before removing
            if (state != null && !stillFinal(id)) continue;
            Path dir = workspaces.root().resolve(id);
            long size = sizeOf(dir);
            workspaces.delete(id);
            removed++;
            bytes += size;
            log.debug("removed workspace {} ({} bytes, job {})", dir, size, state == null ? "unknown" : "finished");
        }
        return new Result(removed, bytes, keep.size());
    }

    private static Instant finishedAt(JobState s) {
        return s.finishedAt() == null ? Instant.EPOCH : s.finishedAt();
    }

    private List<String> workspaceIds() {
        Path root = workspaces.root();
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("[A-Za-z0-9_]+"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, JobState> states(List<String> ids) {
        Map<String, JobState> states = new HashMap<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            jdbc.sql("select id, status, finished_at from jobs where id in (:ids)")
                    .param("ids", chunk)
                    .query((rs, n) -> {
                        OffsetDateTime at = rs.getObject("finished_at", OffsetDateTime.class);
                        states.put(
                                rs.getString("id"),
                                new JobState(
                                        JobStatus.fromWire(rs.getString("status")),
                                        at == null ? null : at.toInstant()));
                        return null;
                    })
                    .list();
        }
        return states;
    }

    private boolean stillFinal(String id) {
        return jdbc.sql("select status from jobs where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(s -> JobStatus.fromWire(s).isFinal())
                .orElse(true);
    }

    static long sizeOf(Path dir) {
        List<Long> sizes = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                try {
                    sizes.add(Files.size(p));
                } catch (IOException e) {
                    // gone meanwhile or unreadable: not counted
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // partly unreadable: what was counted stands
        }
        return sizes.stream().mapToLong(Long::longValue).sum();
    }
}
