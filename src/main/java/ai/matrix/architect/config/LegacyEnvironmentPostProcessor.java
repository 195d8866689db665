package ai.matrix.architect.config;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Honours the environment variable names of the original product ({@code DATABASE_URL}, {@code JWT_SECRET},
 * {@code LOG_LEVEL}, {@code JSON_LOGS}, {@code ENABLE_SANDBOXING}, {@code REQUIRE_APPROVALS}) and our own
 * shorthands ({@code ARCHITECT_OTLP_ENDPOINT}) by translating them into Spring properties before anything is
 * configured.
 */
public class LegacyEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> props = new HashMap<>();
        String databaseUrl = env.getProperty("DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) props.putAll(datasource(databaseUrl));
        copy(env, props, "JWT_SECRET", "architect.jwt.secret");
        copy(env, props, "LOG_LEVEL", "logging.level.root");
        copy(env, props, "REQUIRE_APPROVALS", "architect.require-approvals");
        copy(env, props, "ENABLE_SECURITY_SCAN", "architect.evidence.security-scan");
        copy(env, props, "MATRIX_GUARDIAN_URL", "architect.gate.guardian.url");
        props.putAll(plannerFromModelKey(env::getProperty));
        String otlp = env.getProperty("ARCHITECT_OTLP_ENDPOINT");
        if (otlp != null && !otlp.isBlank()) {
            props.put("management.opentelemetry.tracing.export.otlp.endpoint", otlpTracesEndpoint(otlp.strip()));
        }
        if ("true".equalsIgnoreCase(env.getProperty("JSON_LOGS"))) {
            props.put("logging.structured.format.console", "logstash");
        }
        if ("false".equalsIgnoreCase(env.getProperty("ENABLE_SANDBOXING"))
                && env.getProperty("ARCHITECT_SANDBOX") == null) {
            props.put("architect.sandbox", "none");
        }
        // an api process never starts the scheduler (workers run the stages): its health must not report it down
        if ("api".equals(env.getProperty("architect.mode"))
                && env.getProperty("management.health.db-scheduler.enabled") == null) {
            props.put("management.health.db-scheduler.enabled", "false");
        }
        if (!props.isEmpty()) env.getPropertySources().addFirst(new MapPropertySource("legacy-environment", props));
    }

    /**
     * With no planner configured, OPENAI_API_KEY (else ANTHROPIC_API_KEY) selects that provider, with its public URL
     * and a default model unless they are set. The key itself is never copied into a property: the planner names it
     * as the secret {@code model-key:OPENAI_API_KEY} and reads it when it calls the model.
     */
    public static Map<String, Object> plannerFromModelKey(java.util.function.Function<String, String> env) {
        Map<String, Object> props = new HashMap<>();
        if (!blank(env.apply("architect.planner.provider"))) return props;
        String provider;
        String variable;
        if (!blank(env.apply("OPENAI_API_KEY"))) {
            provider = "openai";
            variable = "OPENAI_API_KEY";
        } else if (!blank(env.apply("ANTHROPIC_API_KEY"))) {
            provider = "anthropic";
            variable = "ANTHROPIC_API_KEY";
        } else {
            return props;
        }
        props.put("architect.planner.provider", provider);
        if (blank(env.apply("architect.planner.api-key"))) {
            props.put("architect.planner.api-key", "model-key:" + variable);
        }
        if (blank(env.apply("architect.planner.base-url"))) {
            props.put(
                    "architect.planner.base-url",
                    provider.equals("openai") ? "https://api.openai.com/v1" : "https://api.anthropic.com/v1");
        }
        if (blank(env.apply("architect.planner.model"))) {
            props.put("architect.planner.model", provider.equals("openai") ? OPENAI_MODEL : ANTHROPIC_MODEL);
        }
        return props;
    }

    /** The models a bare OPENAI_API_KEY / ANTHROPIC_API_KEY plans with; ARCHITECT_PLANNER_MODEL chooses another. */
    static final String OPENAI_MODEL = "gpt-4o-mini";

    static final String ANTHROPIC_MODEL = "claude-sonnet-4-5";

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void copy(ConfigurableEnvironment env, Map<String, Object> props, String from, String to) {
        String value = env.getProperty(from);
        if (value != null && !value.isBlank()) props.put(to, value);
    }

    /**
     * Boot's exporter posts to the URL as given, while collectors are usually named by their base URL
     * ({@code http://collector:4318}): a URL without a path gets the OTLP/HTTP traces path.
     */
    static String otlpTracesEndpoint(String url) {
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("ARCHITECT_OTLP_ENDPOINT must be an http(s) URL, not " + url);
        }
        String path = uri.getRawPath();
        return path == null || path.isEmpty() || path.equals("/")
                ? uri.resolve("/v1/traces").toString()
                : url;
    }

    /** Turns {@code postgresql://user:pass@host:port/db?x=y} into JDBC properties; JDBC URLs pass through. */
    static Map<String, Object> datasource(String url) {
        Map<String, Object> props = new HashMap<>();
        if (url.startsWith("jdbc:")) {
            props.put("spring.datasource.url", url);
            return props;
        }
        URI uri = URI.create(url.replaceFirst("^postgres(ql)?(\\+\\w+)?://", "postgresql://"));
        if (!"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must be a postgresql:// or jdbc: URL, not " + uri.getScheme() + "://");
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        props.put("spring.datasource.url", "jdbc:postgresql://" + host + ":" + port + uri.getPath() + query);
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            props.put("spring.datasource.username", colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) props.put("spring.datasource.password", userInfo.substring(colon + 1));
        }
        return props;
    }
}
