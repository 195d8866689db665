package ai.matrix.architect.plan;

import ai.matrix.architect.secret.Secrets;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.List;
import java.util.Map;

/**
 * The configured language model (OpenAI-compatible, Anthropic or Ollama) as a LangChain4j {@link ChatModel} that
 * speaks through the JDK HTTP client. The API key is resolved through {@link Secrets} for every call (so a rotated
 * secret is picked up, and the value is registered for masking in every log); the model is rebuilt only when the
 * key changed. LangChain4j's own retries are off: the engine retries a stage that failed for a passing reason.
 */
public final class LanguageModel {
    private final PlannerProperties props;
    private final Secrets secrets;
    private Built built;

    private record Built(String key, ChatModel model) {}

    LanguageModel(PlannerProperties props, Secrets secrets) {
        this.props = props;
        this.secrets = secrets;
    }

    public String provider() {
        return props.provider().id();
    }

    public String name() {
        return props.model();
    }

    public String host() {
        return props.baseUrlHost();
    }

    double temperature() {
        return props.temperature();
    }

    /** One call to the model; a failure names the provider and the HTTP status, never the key. */
    public ChatResponse chat(List<ChatMessage> messages) throws PlannerException {
        ChatModel model = model();
        try {
            return model.chat(messages);
        } catch (RuntimeException e) {
            throw ModelFailures.of(provider(), host(), e);
        }
    }

    private synchronized ChatModel model() throws PlannerException {
        String key = ApiKey.resolve(props, secrets);
        if (built == null || !built.key().equals(key)) built = new Built(key, build(key));
        return built.model();
    }

    private ChatModel build(String key) {
        JdkHttpClientBuilder http = new JdkHttpClientBuilder();
        return switch (props.provider()) {
            case OPENAI ->
                OpenAiChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(props.baseUrl())
                        // an OpenAI-compatible server without authentication still gets a well-formed header
                        .apiKey(key.isEmpty() ? "none" : key)
                        .modelName(props.model())
                        .temperature(props.temperature())
                        .timeout(props.timeout())
                        .maxRetries(0)
                        .build();
            case ANTHROPIC ->
                AnthropicChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(props.baseUrl())
                        .apiKey(key)
                        .modelName(props.model())
                        .temperature(props.temperature())
                        .maxTokens(props.maxOutputTokens())
                        .timeout(props.timeout())
                        .maxRetries(0)
                        .build();
            case OLLAMA ->
                OllamaChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(props.baseUrl())
                        .modelName(props.model())
                        .temperature(props.temperature())
                        .timeout(props.timeout())
                        .maxRetries(0)
                        // Ollama has no authentication of its own; a key is for a proxy in front of it
                        .customHeaders(key.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + key))
                        .build();
            case MATRIX_AI, NONE ->
                throw new IllegalStateException(props.provider().id() + " is not a chat model provider");
        };
    }
}
