package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user never sees or touches another project's jobs, logs, artifacts or approvals: 404, like a missing job. */
class ProjectIsolationTest extends SecurityTestSupport {

    @Test
    void jobsOfAnotherProjectAreInvisible() {
        assertThat(call("POST", "/api/projects", admin(), Map.of("name", "iso")).status())
                .isIn(201, 409);
        String isoOp = user("iso-op", "operator");
        assertThat(call("PUT", "/api/projects/iso/members/iso-op", admin(), Map.of("role", "operator"))
                        .status())
                .isEqualTo(200);
        String outsider = user("iso-outsider", "operator");

        Reply created = call("POST", "/api/jobs", isoOp, idleJob("iso"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("project").asString()).isEqualTo("iso");
        String id = created.json().get("id").asString();

        Reply hidden = call("GET", "/api/jobs/" + id, outsider, null);
        Reply missing = call("GET", "/api/jobs/job_00000000000000000000000000", outsider, null);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(hidden.body().replace(id, "X"))
                .isEqualTo(missing.body().replace("job_00000000000000000000000000", "X"));
        for (String path :
                new String[] {"/api/jobs/" + id + "/logs", "/api/artifacts/" + id, "/api/artifacts/" + id + "/plan.json"
                }) {
            assertThat(call("GET", path, outsider, null).status()).as(path).isEqualTo(404);
        }
        for (String path : new String[] {
            "/api/execute/" + id,
            "/api/jobs/" + id + "/cancel",
            "/api/jobs/" + id + "/retry",
            "/api/jobs/" + id + "/approve"
        }) {
            assertThat(call("POST", path, outsider, Map.of()).status()).as(path).isEqualTo(404);
        }
        assertThat(ids(call("GET", "/api/jobs?limit=200", outsider, null).json().get("items")))
                .doesNotContain(id);
        assertThat(ids(call("GET", "/api/jobs?limit=200", isoOp, null).json().get("items")))
                .contains(id);
        assertThat(ids(call("GET", "/api/jobs?limit=200", admin(), null).json().get("items")))
                .contains(id);
        assertThat(call("GET", "/api/projects", outsider, null).body()).doesNotContain("\"iso\"");
        assertThat(call("GET", "/api/projects", isoOp, null).body()).contains("\"iso\"");

        // placing a job in a project one does not belong to is refused as if it did not exist
        Reply foreign = call("POST", "/api/jobs", outsider, idleJob("iso"));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("errors").get(0).get("field").asString()).isEqualTo("project");
        assertThat(call("POST", "/api/jobs", outsider, idleJob("no-such-project"))
                        .status())
                .isEqualTo(400);

        // the role in the project counts: a viewer there may look but not act
        assertThat(call("PUT", "/api/projects/iso/members/iso-op", admin(), Map.of("role", "viewer"))
                        .status())
                .isEqualTo(200);
        assertThat(call("GET", "/api/jobs/" + id, isoOp, null).status()).isEqualTo(200);
        assertThat(call("POST", "/api/execute/" + id, isoOp, null).status()).isEqualTo(403);
        assertThat(call("POST", "/api/jobs", isoOp, idleJob("iso")).status()).isEqualTo(403);
        // and a project role above the user's own is refused
        assertThat(call("PUT", "/api/projects/iso/members/iso-op", admin(), Map.of("role", "admin"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void followingTheLogOfAVisibleJobWorksAndOfAHiddenOneIs404() throws Exception {
        String viewer = user("follow-viewer", "viewer");
        String outsider = user("follow-outsider", "viewer");
        call("DELETE", "/api/projects/default/members/follow-outsider", admin(), null);
        String id = createJob(admin(), null);
        assertThat(call("POST", "/api/jobs/" + id + "/cancel", admin(), null).status())
                .isEqualTo(202);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + port + "/api/jobs/" + id + "/logs?follow=true&access_token=" + viewer))
                .build();
        var followed = HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.body()).contains("event:end").contains("cancelled");
        var hidden = HTTP.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/jobs/" + id
                                + "/logs?follow=true&access_token=" + outsider))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(hidden.statusCode()).isEqualTo(404);
    }

    @Test
    void productionDeploysNeedAdmin() {
        String op = user("prod-op", "operator");
        Map<String, Object> prod = new java.util.HashMap<>(idleJob(null));
        prod.put("deploy", Map.of("target", "prod"));
        Map<String, Object> staging = new java.util.HashMap<>(idleJob(null));
        staging.put("deploy", Map.of("target", "staging"));
        assertThat(call("POST", "/api/jobs", op, prod).status()).isEqualTo(403);
        assertThat(call("POST", "/api/jobs", op, staging).status()).isEqualTo(201);
        assertThat(call("POST", "/api/jobs", admin(), prod).status()).isEqualTo(201);
    }

    @Test
    void fieldsAClientMayNotSetAreRefused() {
        String op = user("mass-op", "operator");
        for (String field : new String[] {"status", "created_by", "id", "created_at"}) {
            Map<String, Object> body = new java.util.HashMap<>(idleJob(null));
            body.put(field, "x");
            Reply r = call("POST", "/api/jobs", op, body);
            assertThat(r.status()).as(field).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        }
        assertThat(call(
                                "POST",
                                "/api/users",
                                admin(),
                                Map.of(
                                        "username",
                                        "mass-x",
                                        "password",
                                        "password-1",
                                        "role",
                                        "viewer",
                                        "created_at",
                                        "2020-01-01T00:00:00Z"))
                        .status())
                .isEqualTo(400);
        assertThat(call("POST", "/api/tokens", op, Map.of("name", "x", "username", "admin"))
                        .status())
                .isEqualTo(400);
        assertThat(call("PATCH", "/api/users/mass-op", admin(), Map.of("username", "root"))
                        .status())
                .isEqualTo(400);
    }
}
