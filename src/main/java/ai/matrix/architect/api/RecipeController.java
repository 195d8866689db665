package ai.matrix.architect.api;

import ai.matrix.architect.recipe.Recipe;
import ai.matrix.architect.recipe.RecipeArg;
import ai.matrix.architect.recipe.RecipeCatalog;
import ai.matrix.architect.recipe.Tool;
import ai.matrix.architect.recipe.ToolVersions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The recipe catalog: what a plan's {@code recipe} op may name, with its arguments and tools. */
@RestController
class RecipeController {
    private final ToolVersions versions;

    RecipeController(ToolVersions versions) {
        this.versions = versions;
    }

    @GetMapping("/api/recipes")
    Map<String, Object> recipes() {
        return Map.of("items", RecipeCatalog.ALL.stream().map(this::item).toList());
    }

    private Map<String, Object> item(Recipe r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", r.name());
        item.put("ecosystem", r.ecosystem());
        item.put("description", r.description());
        item.put("args", r.args().stream().map(RecipeController::arg).toList());
        item.put("tools", r.tools().stream().map(this::tool).toList());
        item.put("synonyms", r.synonyms());
        item.put("repairs", r.repairs());
        return item;
    }

    private static Map<String, Object> arg(RecipeArg a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("type", a.type().id());
        m.put("required", a.isRequired());
        m.put("default", a.defaultValue());
        m.put("description", a.description());
        return m;
    }

    private Map<String, Object> tool(Tool t) {
        return Map.of("name", t.name(), "version", versions.of(t), "source", t.source());
    }
}
