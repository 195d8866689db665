package ai.matrix.architect.plan;

import ai.matrix.architect.job.FieldError;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.ObjectMapper;

/**
 * Plans with a language model through LangChain4j: the system prompt and its JSON schema, the job and repository as
 * the user message; an answer that is no valid plan gets one repair round with its field errors, then the planner
 * gives up with those errors.
 */
final class ChatModelPlanner implements Planner {
    private final LanguageModel model;
    private final ObjectMapper json;

    ChatModelPlanner(LanguageModel model, ObjectMapper json) {
        this.model = model;
        this.json = json;
    }

    @Override
    public String provider() {
        return model.provider();
    }

    @Override
    public String model() {
        return model.name();
    }

    @Override
    public Planned plan(PlanningContext context) throws PlannerException {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(PlanPrompt.SYSTEM));
        messages.add(UserMessage.from(PlanPrompt.user(context, json)));
        ChatResponse first = model.chat(messages);
        String answer = text(first);
        PlanParser.Result result = PlanParser.parse(answer, json);
        Planned.Usage usage = usage(first);
        if (result.ok()) return new Planned(result.plan(), prompt(messages), answer, usage, 1);

        messages.add(AiMessage.from(answer));
        messages.add(UserMessage.from(PlanPrompt.repair(result.errors())));
        ChatResponse second = model.chat(messages);
        String repaired = text(second);
        usage = usage == null ? usage(second) : usage.plus(usage(second));
        result = PlanParser.parse(repaired, json);
        Planned record = new Planned(result.plan(), prompt(messages), repaired, usage, 2);
        if (result.ok()) return record;
        throw new PlannerException(
                "the " + provider() + " model's answer is not a valid plan, even after a repair round: "
                        + describe(result.errors()),
                result.errors(),
                record);
    }

    static String describe(List<FieldError> errors) {
        return errors.stream()
                .limit(10)
                .map(e -> (e.field().isEmpty() ? "answer" : e.field()) + " " + e.message())
                .collect(Collectors.joining("; "));
    }

    private static String text(ChatResponse response) {
        return response.aiMessage() == null || response.aiMessage().text() == null
                ? ""
                : response.aiMessage().text();
    }

    private static Planned.Usage usage(ChatResponse response) {
        TokenUsage u = response.tokenUsage();
        if (u == null) return null;
        return new Planned.Usage(u.inputTokenCount(), u.outputTokenCount(), u.totalTokenCount());
    }

    record Message(String role, String content) {}

    /** The messages as sent, with who they went to: the content of planner-prompt.json. */
    private String prompt(List<ChatMessage> messages) {
        List<Message> out = new ArrayList<>();
        for (ChatMessage m : messages) {
            String role;
            String text;
            if (m instanceof SystemMessage s) {
                role = "system";
                text = s.text();
            } else if (m instanceof UserMessage u) {
                role = "user";
                text = u.singleText();
            } else if (m instanceof AiMessage a) {
                role = "assistant";
                text = a.text();
            } else {
                continue;
            }
            out.add(new Message(role, text == null ? "" : text));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("provider", provider());
        doc.put("model", model());
        doc.put("base_url_host", model.host());
        doc.put("temperature", model.temperature());
        doc.put("messages", out);
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    }
}
