package ai.matrix.architect.api;

import ai.matrix.architect.publish.hub.HubCatalog;
import ai.matrix.architect.publish.hub.HubPublisher;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Matrix Hub catalog this server serves (read by the Hub without a token): {@code GET /api/hub/index.json}
 * lists the manifest of every job that published to the Hub, each at {@code GET /api/hub/manifests/{job}.json}.
 */
@RestController
class HubIndexController {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HubCatalog catalog;
    private final String uiUrl;

    HubIndexController(HubCatalog catalog, @Value("${architect.publish.ui-url:}") String uiUrl) {
        this.catalog = catalog;
        this.uiUrl = uiUrl.replaceAll("/+$", "");
    }

    @GetMapping(value = HubPublisher.INDEX_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    String index() {
        var root = JSON.createObjectNode();
        var manifests = root.putArray("manifests");
        for (HubCatalog.Entry e : catalog.entries()) manifests.add(uiUrl + "/api/hub/manifests/" + e.jobId() + ".json");
        return JSON.writeValueAsString(root);
    }

    @GetMapping(value = "/api/hub/manifests/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> manifest(@PathVariable("name") String file) {
        if (!file.endsWith(".json")) return ResponseEntity.notFound().build();
        return catalog.entry(file.substring(0, file.length() - 5))
                .map(e -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(e.manifest()))
                .orElse(ResponseEntity.notFound().build());
    }
}
