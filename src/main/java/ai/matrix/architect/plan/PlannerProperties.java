package ai.matrix.architect.plan;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The planner PLAN asks when a job brings no plan (and the model chat answers with), bound from
 * {@code architect.planner.*}; see docs/planning.md. Checked when the server starts: a provider without its model or
 * base URL, or an API key written into the configuration instead of a secret reference, stops the start with a
 * sentence saying which setting to fix.
 *
 * @param provider {@code none} (default), {@code openai} (any OpenAI-compatible server), {@code anthropic},
 *     {@code ollama} or {@code matrix-ai}
 * @param baseUrl the provider's base URL: {@code https://api.openai.com/v1}, {@code https://api.anthropic.com/v1},
 *     {@code http://localhost:11434} (Ollama), or Matrix AI's root (PLAN posts to {@code {base-url}/v1/plan})
 * @param model the model name the provider knows ({@code gpt-4o-mini}, {@code claude-sonnet-4-5}, {@code llama3.1});
 *     for Matrix AI a label recorded with the plan
 * @param apiKey a secret reference ({@code env:OPENAI_KEY}, {@code file:openai-key}, {@code vault:…}) resolved through
 *     the secrets providers when a request is made; never the key itself. Empty: no key is sent
 * @param timeout how long one request to the provider may take
 * @param maxContextBytes how much of the repository (file tree and file contents) one planning request carries
 * @param temperature sampling temperature; 0 asks for the most repeatable answer
 * @param maxOutputTokens the answer's length limit, sent where the provider requires one (Anthropic)
 */
@ConfigurationProperties("architect.planner")
public record PlannerProperties(
        @DefaultValue("none") Provider provider,
        @DefaultValue("") String baseUrl,
        @DefaultValue("") String model,
        @DefaultValue("") String apiKey,
        @DefaultValue("2m") Duration timeout,
        @DefaultValue("200KB") DataSize maxContextBytes,
        @DefaultValue("0") double temperature,
        @DefaultValue("8192") int maxOutputTokens) {

    /** Who plans. */
    public enum Provider {
        NONE,
        OPENAI,
        ANTHROPIC,
        OLLAMA,
        MATRIX_AI;

        /** The name used in configuration and in the records of a plan. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public PlannerProperties {
        if (provider == null) provider = Provider.NONE;
        baseUrl = baseUrl == null ? "" : baseUrl.strip();
        model = model == null ? "" : model.strip();
        apiKey = apiKey == null ? "" : apiKey.strip();
        if (provider != Provider.NONE) {
            String p = "ARCHITECT_PLANNER_PROVIDER (architect.planner.provider) is " + provider.id() + ", but ";
            if (model.isEmpty()) {
                throw new IllegalArgumentException(
                        p + "ARCHITECT_PLANNER_MODEL (architect.planner.model) is not set: name the model to use");
            }
            if (baseUrl.isEmpty()) {
                throw new IllegalArgumentException(
                        p + "ARCHITECT_PLANNER_BASE_URL (architect.planner.base-url) is not set:"
                                + " give the provider's URL, e.g. " + example(provider));
            }
            URI uri;
            try {
                uri = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        p + "ARCHITECT_PLANNER_BASE_URL (architect.planner.base-url) is not a URL: " + e.getMessage());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        p
                                + "ARCHITECT_PLANNER_BASE_URL (architect.planner.base-url) must be an http:// or https:// URL with a host");
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException(
                        p + "ARCHITECT_PLANNER_BASE_URL (architect.planner.base-url) must not carry credentials;"
                                + " give the key as ARCHITECT_PLANNER_API_KEY (architect.planner.api-key), a secret reference");
            }
        }
        if (!apiKey.isEmpty() && !apiKey.matches("[a-z][a-z0-9-]*:[A-Za-z0-9_:/#.-]{1,200}")) {
            throw new IllegalArgumentException(
                    "ARCHITECT_PLANNER_API_KEY (architect.planner.api-key) must be a secret reference such as"
                            + " env:OPENAI_KEY or file:openai-key, never the key itself (see docs/planning.md)");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) timeout = Duration.ofMinutes(2);
        if (maxContextBytes == null || maxContextBytes.toBytes() < 1024) {
            throw new IllegalArgumentException(
                    "ARCHITECT_PLANNER_MAX_CONTEXT_BYTES (architect.planner.max-context-bytes) must be at least 1KB");
        }
        if (temperature < 0 || temperature > 2) {
            throw new IllegalArgumentException(
                    "ARCHITECT_PLANNER_TEMPERATURE (architect.planner.temperature) must be between 0 and 2");
        }
        if (maxOutputTokens < 256) {
            throw new IllegalArgumentException(
                    "ARCHITECT_PLANNER_MAX_OUTPUT_TOKENS (architect.planner.max-output-tokens) must be at least 256");
        }
    }

    private static String example(Provider provider) {
        return switch (provider) {
            case OPENAI -> "https://api.openai.com/v1";
            case ANTHROPIC -> "https://api.anthropic.com/v1";
            case OLLAMA -> "http://localhost:11434";
            case MATRIX_AI, NONE -> "https://matrix-ai.example.com";
        };
    }

    public boolean enabled() {
        return provider != Provider.NONE;
    }

    /** The host of the base URL, recorded with every plan (the full URL may carry a tenant path). */
    public String baseUrlHost() {
        return baseUrl.isEmpty() ? "" : URI.create(baseUrl).getHost();
    }
}
