package ai.matrix.architect.plan;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A language-model provider on 127.0.0.1 that speaks the provider's real wire format, for the services that cannot
 * run here: OpenAI's {@code POST /v1/chat/completions}, Anthropic's {@code POST /v1/messages} (with its
 * {@code x-api-key} and {@code anthropic-version} headers), Ollama's non-streaming {@code POST /api/chat}, and Matrix
 * AI's {@code POST /v1/plan}. It checks what the real service checks (path, key, required fields) and answers in
 * that service's shapes, errors included; what it answers is decided by a responder given each request.
 */
public final class FakeModelProvider implements AutoCloseable {
    public enum Kind {
        OPENAI,
        ANTHROPIC,
        OLLAMA,
        MATRIX_AI
    }

    /** A request as received: header names lower-cased. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** What the fake answers. */
    public sealed interface Answer {
        /** The model's text (for Matrix AI: the body, a plan). */
        record Text(String content) implements Answer {}

        /** An error in the provider's own shape. */
        record Failure(int status, String message) implements Answer {}

        /** No answer for this long, then the text. */
        record Slow(Duration delay, String content) implements Answer {}
    }

    static final ObjectMapper JSON = JsonMapper.builder().build();
    public static final int INPUT_TOKENS = 1234;
    public static final int OUTPUT_TOKENS = 56;

    private final Kind kind;
    private final String key;
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Answer> responder;

    private FakeModelProvider(Kind kind, String key, Function<Request, Answer> responder) {
        this.kind = kind;
        this.key = key;
        this.responder = responder;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake that expects {@code key} (null: no key checked) and answers as the responder says. */
    public static FakeModelProvider start(Kind kind, String key, Function<Request, Answer> responder) {
        return new FakeModelProvider(kind, key, responder);
    }

    public void respond(Function<Request, Answer> responder) {
        this.responder = responder;
    }

    /** The base URL as the provider's documentation gives it, with this fake's address. */
    public String baseUrl() {
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        return switch (kind) {
            case OPENAI, ANTHROPIC -> root + "/v1";
            case OLLAMA, MATRIX_AI -> root;
        };
    }

    /** Requests that reached the model (path, key and body accepted). */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private String path() {
        return switch (kind) {
            case OPENAI -> "/v1/chat/completions";
            case ANTHROPIC -> "/v1/messages";
            case OLLAMA -> "/api/chat";
            case MATRIX_AI -> "/v1/plan";
        };
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request =
                    new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body);
            if (!request.path().equals(path()) || !request.method().equals("POST")) {
                send(ex, 404, error(404, "not found: " + request.method() + " " + request.path()));
                return;
            }
            String authProblem = auth(headers);
            if (authProblem != null) {
                send(ex, 401, error(401, authProblem));
                return;
            }
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (JacksonException e) {
                send(ex, 400, error(400, "the body is not JSON"));
                return;
            }
            String missing = missing(json, headers);
            if (missing != null) {
                send(ex, 400, error(400, missing));
                return;
            }
            requests.add(request);
            Answer answer = responder.apply(request);
            switch (answer) {
                case Answer.Text t -> send(ex, 200, success(json, t.content()));
                case Answer.Failure f -> send(ex, f.status(), error(f.status(), f.message()));
                case Answer.Slow s -> {
                    try {
                        Thread.sleep(s.delay().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(ex, 200, success(json, s.content()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client gave up (a timeout test): nothing to answer
        }
    }

    private String auth(Map<String, String> headers) {
        if (key == null) return null;
        String given = switch (kind) {
            case ANTHROPIC -> headers.get("x-api-key");
            default -> {
                String h = headers.getOrDefault("authorization", "");
                yield h.startsWith("Bearer ") ? h.substring(7) : null;
            }
        };
        if (key.equals(given)) return null;
        return switch (kind) {
            // OpenAI echoes the start and end of a wrong key, which is why the error body must never be shown
            case OPENAI ->
                "Incorrect API key provided: " + echo(given)
                        + ". You can find your API key at https://platform.openai.com/account/api-keys.";
            case ANTHROPIC -> "invalid x-api-key";
            default -> "unauthorized";
        };
    }

    private static String echo(String key) {
        if (key == null || key.length() < 8) return "***";
        return key.substring(0, 5) + "*".repeat(key.length() - 9) + key.substring(key.length() - 4);
    }

    private String missing(JsonNode json, Map<String, String> headers) {
        List<String> required = switch (kind) {
            case OPENAI -> List.of("model", "messages");
            case ANTHROPIC -> List.of("model", "max_tokens", "messages");
            case OLLAMA -> List.of("model", "messages");
            case MATRIX_AI -> List.of("goal", "repo", "constraints", "context");
        };
        for (String field : required) if (!json.has(field)) return field + ": Field required";
        if (kind == Kind.ANTHROPIC && !headers.containsKey("anthropic-version")) {
            return "anthropic-version: header is required";
        }
        if (kind == Kind.ANTHROPIC) {
            for (JsonNode m : json.get("messages")) {
                if (!List.of("user", "assistant").contains(m.path("role").asString())) {
                    return "messages: roles must be user or assistant; the system prompt is the top-level system field";
                }
            }
        }
        // a streaming Ollama answer is a different format; this client must ask for the single JSON object
        if (kind == Kind.OLLAMA && json.path("stream").asBoolean(true)) return "stream must be false";
        return null;
    }

    private String success(JsonNode request, String content) {
        String model = request.path("model").asString("");
        ObjectNode out = JSON.createObjectNode();
        switch (kind) {
            case OPENAI -> {
                out.put("id", "chatcmpl-fake1");
                out.put("object", "chat.completion");
                out.put("created", 1_700_000_000L);
                out.put("model", model);
                ObjectNode choice = out.putArray("choices").addObject();
                choice.put("index", 0);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.put("content", content);
                message.putNull("refusal");
                choice.putNull("logprobs");
                choice.put("finish_reason", "stop");
                ObjectNode usage = out.putObject("usage");
                usage.put("prompt_tokens", INPUT_TOKENS);
                usage.put("completion_tokens", OUTPUT_TOKENS);
                usage.put("total_tokens", INPUT_TOKENS + OUTPUT_TOKENS);
                out.put("system_fingerprint", "fp_fake");
            }
            case ANTHROPIC -> {
                out.put("id", "msg_01Fake");
                out.put("type", "message");
                out.put("role", "assistant");
                out.put("model", model);
                ObjectNode text = out.putArray("content").addObject();
                text.put("type", "text");
                text.put("text", content);
                out.put("stop_reason", "end_turn");
                out.putNull("stop_sequence");
                ObjectNode usage = out.putObject("usage");
                usage.put("input_tokens", INPUT_TOKENS);
                usage.put("output_tokens", OUTPUT_TOKENS);
            }
            case OLLAMA -> {
                out.put("model", model);
                out.put("created_at", "2025-01-01T00:00:00.000000Z");
                ObjectNode message = out.putObject("message");
                message.put("role", "assistant");
                message.put("content", content);
                out.put("done_reason", "stop");
                out.put("done", true);
                out.put("total_duration", 5_000_000_000L);
                out.put("load_duration", 1_000_000L);
                out.put("prompt_eval_count", INPUT_TOKENS);
                out.put("prompt_eval_duration", 1_000_000L);
                out.put("eval_count", OUTPUT_TOKENS);
                out.put("eval_duration", 1_000_000L);
            }
            case MATRIX_AI -> {
                return content;
            }
        }
        return JSON.writeValueAsString(out);
    }

    private String error(int status, String message) {
        ObjectNode out = JSON.createObjectNode();
        switch (kind) {
            case OPENAI -> {
                ObjectNode e = out.putObject("error");
                e.put("message", message);
                e.put("type", status >= 500 ? "server_error" : "invalid_request_error");
                e.putNull("param");
                if (status == 401) e.put("code", "invalid_api_key");
                else e.putNull("code");
            }
            case ANTHROPIC -> {
                out.put("type", "error");
                ObjectNode e = out.putObject("error");
                e.put(
                        "type",
                        switch (status) {
                            case 401 -> "authentication_error";
                            case 429 -> "rate_limit_error";
                            case 529 -> "overloaded_error";
                            default -> status >= 500 ? "api_error" : "invalid_request_error";
                        });
                e.put("message", message);
            }
            case OLLAMA, MATRIX_AI -> out.put("error", message);
        }
        return JSON.writeValueAsString(out);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
