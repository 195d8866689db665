package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.net.AddressPolicy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Repository URLs that point at the server's own network are refused before anything connects. */
class SsrfTest extends SecurityTestSupport {

    /** A listener on loopback that counts the connections it accepts. */
    private static ServerSocket countingListener(AtomicInteger connections) throws java.io.IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try (var s = listener.accept()) {
                    connections.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        });
        return listener;
    }

    private Reply submit(String url) {
        Map<String, Object> body = new java.util.HashMap<>(idleJob(null));
        body.put("repo", Map.of("kind", "git", "url", url));
        body.put("auto_execute", true);
        return call("POST", "/api/jobs", admin(), body);
    }

    @Test
    void probesAreRefusedBeforeConnecting() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = countingListener(connections)) {
            int port = listener.getLocalPort();
            for (String url : new String[] {
                "https://127.0.0.1:" + port + "/repo.git",
                "https://localhost:" + port + "/repo.git",
                "ssh://git@127.0.0.1:" + port + "/repo.git",
                "git@localhost:repo.git",
                "https://[::1]:" + port + "/repo.git",
                "https://[::ffff:127.0.0.1]:" + port + "/repo.git",
                "https://0177.0.0.1:" + port + "/repo.git",
                "https://2130706433:" + port + "/repo.git",
                "https://0x7f.0.0.1:" + port + "/repo.git",
                "https://127.0.0.1:5432/postgres.git",
                "https://169.254.169.254/latest/meta-data.git",
                "https://metadata.google.internal/computeMetadata.git",
                "https://[fe80::1]/repo.git",
                "ext::sh -c touch% /tmp/pwned",
                "file:///etc",
                "http://example.com/repo.git"
            }) {
                Reply r = submit(url);
                assertThat(r.status()).as(url + ": " + r.body()).isEqualTo(400);
                assertThat(r.json().get("errors").get(0).get("field").asString())
                        .isEqualTo("repo.url");
            }
            Thread.sleep(200); // let a connection that slipped through be counted
            assertThat(connections.get()).isZero();
        }
    }

    /** git connects to the address that was checked, not to whatever a second lookup of the name gives. */
    @Test
    void httpsConnectionsArePinnedToTheCheckedAddress() throws Exception {
        AddressPolicy loopbackAllowed = AddressPolicy.of("127.0.0.0/8", "");
        assertThat(loopbackAllowed.check("localhost").pinned().getHostAddress()).isEqualTo("127.0.0.1");
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = countingListener(connections)) {
            int port = listener.getLocalPort();
            // a name that does not resolve at all: only the pin can lead git to the listener
            var repo = new ai.matrix.architect.workspace.RemoteRepo(
                    "https://pinned.invalid:" + port + "/r.git",
                    null,
                    "pinned",
                    "pinned.invalid:" + port + ":127.0.0.1");
            var result = ai.matrix.architect.workspace.Git.tryRun(
                    null, repo.gitEnv(), java.time.Duration.ofSeconds(30), null, "ls-remote", "--", repo.url());
            assertThat(result.exitCode()).isNotZero(); // no TLS there
            assertThat(connections.get()).isPositive();
        }
    }

    /**
     * A live redirect: an http server git is let reach answers 302 towards a listener on loopback. git runs with
     * the hardening ({@code http.followRedirects=false}), so the listener never sees a connection; the same run
     * with redirects switched back on does reach it, which shows the test can tell the difference.
     */
    @Test
    void gitDoesNotFollowARedirectToLoopback() throws Exception {
        AtomicInteger targetConnections = new AtomicInteger();
        AtomicInteger originRequests = new AtomicInteger();
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                while (!target.isClosed()) {
                    try (var s = target.accept()) {
                        targetConnections.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            var origin = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            origin.createContext("/", ex -> {
                originRequests.incrementAndGet();
                ex.getResponseHeaders()
                        .add(
                                "Location",
                                "http://127.0.0.1:" + target.getLocalPort()
                                        + ex.getRequestURI().toString());
                ex.sendResponseHeaders(302, -1);
                ex.close();
            });
            origin.start();
            try {
                String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/r.git";
                // plain http is only switched on here, to have a server without TLS; jobs may not use it
                Map<String, String> httpToo = Map.of("GIT_ALLOW_PROTOCOL", "https:ssh:file:http");
                var hardened = ai.matrix.architect.workspace.Git.tryRun(
                        null,
                        httpToo,
                        java.time.Duration.ofSeconds(30),
                        null,
                        "-c",
                        "protocol.http.allow=always",
                        "ls-remote",
                        "--",
                        url);
                assertThat(hardened.exitCode()).isNotZero();
                assertThat(originRequests.get()).as(hardened.stderr()).isPositive();
                Thread.sleep(200);
                assertThat(targetConnections.get()).as(hardened.stderr()).isZero();

                var following = ai.matrix.architect.workspace.Git.tryRun(
                        null,
                        httpToo,
                        java.time.Duration.ofSeconds(30),
                        null,
                        "-c",
                        "protocol.http.allow=always",
                        "-c",
                        "http.followRedirects=true",
                        "ls-remote",
                        "--",
                        url);
                assertThat(following.exitCode()).isNotZero();
                assertThat(targetConnections.get()).as(following.stderr()).isPositive();
            } finally {
                origin.stop(0);
            }
        }
    }

    @Test
    void allowAndDenyLists() throws Exception {
        AddressPolicy defaults = AddressPolicy.defaults();
        assertThat(defaults.problem("93.184.216.34")).isEmpty();
        assertThat(defaults.problem("10.1.2.3")).isEmpty();
        assertThat(defaults.problem("127.0.0.1")).get().asString().contains("loopback");
        assertThat(defaults.problem("169.254.169.254")).get().asString().contains("metadata");
        // fail closed: nothing that does not resolve now may be resolved again by git or curl later
        assertThat(defaults.problem("no-such-host.invalid")).get().asString().contains("does not resolve");

        AddressPolicy configured = AddressPolicy.of("127.0.0.1, git.internal", "10.0.0.0/8 evil.example");
        assertThat(configured.problem("127.0.0.1")).isEmpty();
        assertThat(configured.problem("10.1.2.3")).get().asString().contains("denied");
        assertThat(configured.problem("evil.example")).get().asString().contains("deny list");
        assertThat(configured.problem("localhost")).isPresent(); // only the named address is allowed
    }

    /**
     * A resolver that fails at the first lookup and answers loopback afterwards (what a rebinding DNS server can
     * do): the first check refuses the name because it does not resolve, the second because it is loopback, and
     * nothing ever connects to the listener.
     */
    @Test
    void aNameThatFailsToResolveFirstAndAnswersLoopbackLaterNeverGetsAConnection() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AddressPolicy rebinding = new AddressPolicy(List.of(), List.of(), host -> {
            if (lookups.getAndIncrement() == 0) throw new java.net.UnknownHostException(host);
            return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        });
        var locator = new ai.matrix.architect.workspace.RepoLocator(null, rebinding);
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = countingListener(connections)) {
            var repo = new ai.matrix.architect.job.JobRequest.Repo(
                    ai.matrix.architect.job.JobRequest.RepoKind.GIT,
                    null,
                    null,
                    null,
                    "https://rebind.test:" + listener.getLocalPort() + "/r.git",
                    null,
                    null);
            assertThatThrownBy(() -> locator.locate(repo))
                    .isInstanceOf(ai.matrix.architect.job.InvalidRequestException.class)
                    .hasMessageContaining("does not resolve");
            assertThatThrownBy(() -> locator.locate(repo))
                    .isInstanceOf(ai.matrix.architect.job.InvalidRequestException.class)
                    .hasMessageContaining("loopback");
            Thread.sleep(200); // let a connection that slipped through be counted
            assertThat(connections.get()).isZero();
            assertThat(lookups.get()).isEqualTo(2);
        }
    }

    /** ssh connects to the checked address too, the name kept only for the known-hosts lookup. */
    @Test
    void sshConnectionsArePinnedToTheCheckedAddress() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = countingListener(connections)) {
            int port = listener.getLocalPort();
            var repo = new ai.matrix.architect.workspace.RemoteRepo(
                    "ssh://git@pinned.invalid:" + port + "/r.git", null, "pinned", "pinned.invalid:22:127.0.0.1");
            assertThat(repo.gitEnv().get("GIT_SSH_COMMAND"))
                    .contains("HostName=127.0.0.1", "HostKeyAlias=pinned.invalid", "BatchMode=yes");
            var result = ai.matrix.architect.workspace.Git.tryRun(
                    null, repo.gitEnv(), java.time.Duration.ofSeconds(30), null, "ls-remote", "--", repo.url());
            assertThat(result.exitCode()).isNotZero(); // no ssh server there
            assertThat(connections.get()).as(result.stderr()).isPositive();
        }
    }

    /** A name that does not resolve is a permanent failure: the job fails with the sentence, no retry. */
    @Test
    void anUnresolvableHostIsNotRetried() {
        assertThatThrownBy(() -> ai.matrix.architect.workspace.Git.run(
                        null,
                        Map.of(),
                        java.time.Duration.ofSeconds(30),
                        "ls-remote",
                        "--",
                        "https://no-such-host.invalid/r.git"))
                .isInstanceOfSatisfying(
                        ai.matrix.architect.workspace.GitCommandException.class,
                        e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("resolve");
    }
}
