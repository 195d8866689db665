package ai.matrix.architect.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands where an OpenTelemetry collector would: takes OTLP/HTTP exports on loopback, answers as a collector does,
 * and keeps every request (whatever its path) so that tests can read the spans or see that nothing came.
 */
final class OtlpReceiver implements AutoCloseable {
    record Request(String path, String contentType, byte[] body) {}

    /** One exported span, flattened for assertions; ids in lower-case hex, parent empty for a root. */
    record ExportedSpan(
            String name,
            long startNanos,
            String traceId,
            String spanId,
            String parentSpanId,
            Span.SpanKind kind,
            Map<String, String> attributes,
            Map<String, String> resource) {
        String attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
            byte[] answer = path.equals("/v1/traces")
                    ? ExportTraceServiceResponse.getDefaultInstance().toByteArray()
                    : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    String tracesUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every span received so far, decoded from the protobuf bodies posted to /v1/traces. */
    List<ExportedSpan> spans() {
        List<ExportedSpan> out = new ArrayList<>();
        for (Request r : requests) {
            if (!r.path().equals("/v1/traces")) continue;
            ExportTraceServiceRequest export;
            try {
                export = ExportTraceServiceRequest.parseFrom(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not an OTLP trace export: " + r.contentType(), e);
            }
            for (ResourceSpans rs : export.getResourceSpansList()) {
                Map<String, String> resource = flatten(rs.getResource().getAttributesList());
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        out.add(new ExportedSpan(
                                s.getName(),
                                s.getStartTimeUnixNano(),
                                hex(s.getTraceId().toByteArray()),
                                hex(s.getSpanId().toByteArray()),
                                hex(s.getParentSpanId().toByteArray()),
                                s.getKind(),
                                flatten(s.getAttributesList()),
                                resource));
                    }
                }
            }
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static Map<String, String> flatten(List<KeyValue> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : attributes) out.put(kv.getKey(), text(kv.getValue()));
        return out;
    }

    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            default -> v.toString();
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
