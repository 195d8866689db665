package ai.matrix.architect.api;

import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobEvents;
import ai.matrix.architect.job.JobLogs;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.StageName;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectMapper;

/**
 * Logs (plain or followed over SSE) and the stream of job events. Both read what the database holds, so any
 * API process can serve jobs run by any worker.
 */
@RestController
class StreamController {
    private static final long POLL_MILLIS = 300;
    private final JobStore store;
    private final JobLogs logs;
    private final JobEvents events;
    private final ObjectMapper json;

    StreamController(JobStore store, JobLogs logs, JobEvents events, ObjectMapper json) {
        this.store = store;
        this.logs = logs;
        this.events = events;
        this.json = json;
    }

    @GetMapping("/api/jobs/{id}/logs")
    Object logs(
            @PathVariable String id,
            @RequestParam(required = false) String stage,
            @RequestParam(defaultValue = "false") boolean follow) {
        store.get(id);
        StageName stageName = parseStage(stage);
        if (follow) return follow(id, stageName);
        StringBuilder text = new StringBuilder();
        long after = 0;
        while (true) {
            List<JobLogs.Line> batch = logs.read(id, stageName, after, 5000);
            for (JobLogs.Line l : batch) {
                text.append(l.at())
                        .append(' ')
                        .append(l.stage())
                        .append(' ')
                        .append(l.text())
                        .append('\n');
                after = l.id();
            }
            if (batch.size() < 5000) break;
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(text.toString());
    }

    private static StageName parseStage(String stage) {
        if (stage == null || stage.isBlank()) return null;
        try {
            return StageName.valueOf(stage.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("stage", "must be one of PLAN, PATCH, VERIFY, GATE, DEPLOY, PUBLISH");
        }
    }

    private SseEmitter follow(String id, StageName stage) {
        SseEmitter emitter = new SseEmitter(0L);
        Thread.ofVirtual().start(() -> {
            long after = 0;
            try {
                while (true) {
                    Job job = store.get(id);
                    List<JobLogs.Line> batch = logs.read(id, stage, after, 1000);
                    for (JobLogs.Line l : batch) {
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("stage", l.stage().name());
                        data.put("at", l.at().toString());
                        data.put("line", l.text());
                        emitter.send(SseEmitter.event()
                                .name("log")
                                .id(Long.toString(l.id()))
                                .data(json.writeValueAsString(data), MediaType.APPLICATION_JSON));
                        after = l.id();
                    }
                    boolean finished =
                            job.status().isFinal() || job.status().wire().equals("awaiting_approval");
                    if (batch.isEmpty() && finished) {
                        emitter.send(SseEmitter.event()
                                .name("end")
                                .data("{\"status\":\"" + job.status().wire() + "\"}"));
                        emitter.complete();
                        return;
                    }
                    if (batch.size() < 1000) Thread.sleep(POLL_MILLIS);
                }
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            } catch (InterruptedException e) {
                emitter.complete();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestParam(name = "job_id", required = false) String jobId) {
        SseEmitter emitter = new SseEmitter(0L);
        long start = events.lastId();
        Thread.ofVirtual().start(() -> {
            long after = start;
            int idle = 0;
            try {
                emitter.send(SseEmitter.event().name("hello").data("{}"));
                while (true) {
                    List<JobEvents.Event> batch = events.after(after, 500);
                    for (JobEvents.Event e : batch) {
                        after = e.id();
                        if (jobId != null && !jobId.equals(e.jobId())) continue;
                        emitter.send(SseEmitter.event()
                                .name(e.type())
                                .id(Long.toString(e.id()))
                                .data(e.data(), MediaType.APPLICATION_JSON));
                    }
                    if (batch.isEmpty()) {
                        // a comment every ~15 s keeps proxies from closing an idle stream and detects gone clients
                        if (++idle % 30 == 0) emitter.send(SseEmitter.event().comment("keep-alive"));
                        Thread.sleep(500);
                    }
                }
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            } catch (InterruptedException e) {
                emitter.complete();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }
}
