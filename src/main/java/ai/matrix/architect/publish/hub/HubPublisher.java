package ai.matrix.architect.publish.hub;

import ai.matrix.architect.net.AddressPolicy;
import ai.matrix.architect.net.NetworkProperties;
import ai.matrix.architect.secret.Secrets;
import java.net.URI;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Publishes to the Matrix Hub the way its own clients do: the job's manifest joins the catalog this server serves
 * ({@code GET /api/hub/index.json}), the index is registered with the Hub once ({@code POST /remotes}) and the Hub is
 * asked to ingest it ({@code POST /ingest}). Configured by {@code MATRIX_HUB_URL} (or {@code architect.publish.hub.url})
 * and {@code architect.publish.hub.token}, a secret reference for the Hub's {@code API_TOKEN};
 * {@code architect.publish.hub.optional=true} turns a failing Hub into a warning on the job.
 */
@Component
public class HubPublisher {
    public static final String INDEX_PATH = "/api/hub/index.json";
    private final HubCatalog catalog;
    private final Secrets secrets;
    private final AddressPolicy addresses;
    private final String url;
    private final String tokenSecret;
    private final boolean optional;

    HubPublisher(
            HubCatalog catalog,
            Secrets secrets,
            NetworkProperties network,
            @Value("${MATRIX_HUB_URL:${architect.publish.hub.url:}}") String url,
            @Value("${architect.publish.hub.token:}") String tokenSecret,
            @Value("${architect.publish.hub.optional:false}") boolean optional) {
        this.catalog = catalog;
        this.secrets = secrets;
        this.addresses = network.policy();
        this.url = url;
        this.tokenSecret = tokenSecret;
        this.optional = optional;
    }

    public boolean optional() {
        return optional;
    }

    /**
     * Adds the manifest to the served catalog and has the Hub ingest it; throws {@link HubClient.HubException} (or
     * {@link IllegalStateException} for configuration) with the Hub's answer when that fails.
     */
    public void publish(String jobId, String manifestId, String manifest, String uiUrl) {
        if (url == null || url.isBlank())
            throw new IllegalStateException("no Matrix Hub is configured (MATRIX_HUB_URL)");
        if (uiUrl == null || uiUrl.isBlank()) {
            throw new IllegalStateException(
                    "ARCHITECT_PUBLISH_UI_URL (architect.publish.ui-url) is not set, so the Hub could not read this server's catalog index");
        }
        Optional<String> refused = addresses.problem(URI.create(url).getHost());
        if (refused.isPresent()) throw new IllegalStateException("MATRIX_HUB_URL " + refused.get() + "; not allowed");
        String token = tokenSecret.isBlank()
                ? ""
                : secrets.resolve(tokenSecret)
                        .orElseThrow(() -> new IllegalStateException("the secret " + tokenSecret + " does not exist"));
        catalog.put(jobId, manifestId, manifest);
        String index = uiUrl.replaceAll("/+$", "") + INDEX_PATH;
        HubClient hub = new HubClient(url, token);
        if (!catalog.registered(url, index)) {
            hub.register(index);
            catalog.markRegistered(url, index);
        }
        hub.ingest(index);
    }
}
