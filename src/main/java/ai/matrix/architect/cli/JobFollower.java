package ai.matrix.architect.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Follows a job in the terminal: a live one-line pipeline when the output is a terminal, one line per change
 * otherwise, until the job ends or waits for approval.
 */
final class JobFollower {
    private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private final ApiClient api;
    private final PrintWriter out;
    private final boolean live;

    JobFollower(ApiClient api, PrintWriter out) {
        this.api = api;
        this.out = out;
        this.live = System.console() != null && System.getenv("NO_COLOR") == null;
    }

    JsonNode follow(String jobId) throws IOException, InterruptedException {
        Map<String, String> seen = new HashMap<>();
        int tick = 0;
        while (true) {
            JsonNode job = api.get("/api/jobs/" + jobId);
            for (JsonNode s : job.get("stages")) {
                String name = s.get("name").asString();
                String key = s.get("status").asString() + "|" + text(s, "summary");
                if (!key.equals(seen.get(name))) {
                    seen.put(name, key);
                    if (!s.get("status").asString().equals("pending")) {
                        if (live) out.print("\r\033[K");
                        out.printf("  %-8s %-10s %s%n", name, s.get("status").asString(), text(s, "summary"));
                        out.flush();
                    }
                }
            }
            String status = job.get("status").asString();
            if (live) {
                out.print("\r\033[K" + bar(job) + " " + SPINNER[tick++ % SPINNER.length] + " " + status);
                out.flush();
            }
            if (status.equals("succeeded")
                    || status.equals("failed")
                    || status.equals("cancelled")
                    || status.equals("rejected")
                    || status.equals("awaiting_approval")) {
                if (live) out.print("\r\033[K" + bar(job) + " " + status + "\n");
                return job;
            }
            Thread.sleep(400);
        }
    }

    private static String bar(JsonNode job) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode s : job.get("stages")) {
            String mark = switch (s.get("status").asString()) {
                case "succeeded" -> "\033[32m✔\033[0m";
                case "failed" -> "\033[31m✘\033[0m";
                case "running" -> "\033[33m▶\033[0m";
                case "skipped" -> "\033[90m–\033[0m";
                default -> "\033[90m·\033[0m";
            };
            if (!sb.isEmpty()) sb.append(" → ");
            sb.append(mark).append(' ').append(s.get("name").asString());
        }
        return sb.toString();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }

    /**
     * The test counts, and VERIFY's comparison of its failures with the base commit ("6 tests were already failing
     * on the base commit") when it made one.
     */
    static List<String> testLines(JsonNode job) {
        List<String> lines = new ArrayList<>();
        JsonNode tests = job.path("evidence").path("tests");
        if (!tests.isMissingNode()) {
            lines.add("  tests:   " + tests.path("passed").asInt() + " passed, "
                    + tests.path("failed").asInt() + " failed, "
                    + tests.path("skipped").asInt() + " skipped");
        }
        String baseline = job.path("evidence").path("baseline").path("summary").asString("");
        if (!baseline.isEmpty()) lines.add("  baseline: " + baseline);
        return lines;
    }

    static boolean pushed(JsonNode job) {
        for (JsonNode stage : job.path("stages")) {
            if (stage.path("name").asString().equals("PUBLISH"))
                return stage.path("status").asString().equals("succeeded");
        }
        return false;
    }

    /** Prints the outcome: status, branch, commits, tests, who may approve, artifacts, and the job's page. */
    void printResult(JsonNode job) throws IOException {
        String id = job.get("id").asString();
        out.println();
        out.println("Job " + id + ": " + job.get("status").asString());
        if (!text(job, "error").isEmpty()) out.println("  error:   " + text(job, "error"));
        // the job always has a branch name; it exists on the origin only when PUBLISH pushed it
        out.println("  branch:  " + (pushed(job) ? text(job, "branch") : "none pushed"));
        out.println("  base:    " + text(job, "base_commit"));
        out.println("  result:  " + text(job, "result_commit"));
        testLines(job).forEach(out::println);
        if (job.get("status").asString().equals("awaiting_approval")) {
            out.println("  gate:    " + JobCommands.gateSummary(job));
        }
        JsonNode artifacts = api.get("/api/artifacts/" + id).get("items");
        if (!artifacts.isEmpty()) {
            out.println("  artifacts:");
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode a : artifacts) {
                rows.add(List.of(
                        "   ",
                        a.get("name").asString(),
                        a.get("size").asLong() + " bytes",
                        api.url() + "/api/artifacts/" + id + "/" + a.get("name").asString()));
            }
            Table.print(out, rows);
        }
        out.println("  page:    " + pageOf(api.url(), id));
        out.flush();
    }

    /** The job's page in the web UI (not the API's JSON). */
    static String pageOf(String url, String id) {
        return url + "/jobs/" + id;
    }
}
