package ai.matrix.architect.api;

import ai.matrix.architect.ecosystem.CheckKind;
import ai.matrix.architect.ecosystem.Ecosystem;
import ai.matrix.architect.ecosystem.Ecosystems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The verification profiles this server knows, so that clients offer exactly the ones a request may name. */
@RestController
class ProfileController {
    /** Each ecosystem's profile name and the kinds of check it may run, in detection order. */
    @GetMapping("/api/profiles")
    Map<String, Object> profiles() {
        List<Map<String, Object>> items =
                Ecosystems.ALL.stream().map(ProfileController::item).toList();
        return Map.of("items", items);
    }

    private static Map<String, Object> item(Ecosystem e) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", e.name());
        item.put("check_kinds", e.kinds().stream().map(CheckKind::id).toList());
        item.put("egress_registry", e.registry().isPresent());
        return item;
    }
}
