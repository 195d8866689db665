package ai.matrix.architect.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What of a repository a planner is shown, on real files, links and a real .git directory. */
class RepoContextTest {
    static final String GOAL = "Apply a discount to invoice totals";

    @TempDir
    Path dir;

    Path repo;

    @BeforeEach
    void repository() throws IOException {
        repo = Files.createDirectories(dir.resolve("repo"));
        write("README.md", "# Billing\nComputes invoices.\n");
        write("pom.xml", "<project><artifactId>billing</artifactId></project>\n");
        write("src/main/java/billing/Invoice.java", "class Invoice { long total; }\n");
        write("src/main/java/billing/Customer.java", "class Customer {}\n");
        write("docs/deep/nested/notes.txt", "notes\n");
        write(".env", "TOKEN=dotenv-secret-value\n");
        write(".env.production", "TOKEN=dotenv-production-value\n");
        write("config/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY----- rsa-secret-value\n");
        write("certs/server.pem", "pem-secret-value\n");
        write("certs/client.key", "key-secret-value\n");
        write("certs/store.p12", "p12-secret-value\n");
        write("config/credentials.json", "{\"password\": \"credentials-secret-value\"}\n");
        write(".ssh/config", "Host * ssh-dir-secret-value\n");
        write(".git/config", "[remote] url = https://user:git-dir-secret-value@example.com/x.git\n");
        write("lib/vendor/.git", "gitdir: ../../.git/modules/vendor\n");
        Files.write(repo.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'b', 'i', 'n'});
        Files.write(repo.resolve("latin1.txt"), "caf\u00e9 binary-ish".getBytes(StandardCharsets.ISO_8859_1));
        Path outside = Files.writeString(dir.resolve("outside.txt"), "outside-secret-value\n");
        Files.createSymbolicLink(repo.resolve("link-out.txt"), outside);
        Files.createSymbolicLink(repo.resolve("link-to-env"), repo.resolve(".env"));
        Files.createSymbolicLink(repo.resolve("notes-link.md"), Path.of("README.md"));
        Files.createSymbolicLink(repo.resolve("etc-link"), Path.of("/etc"));
    }

    private void write(String rel, String content) throws IOException {
        Path p = repo.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static String allContent(PlanningContext c) {
        return c.files().stream().map(PlanningContext.File::content).collect(Collectors.joining("\n"));
    }

    private static List<String> paths(PlanningContext c) {
        return c.files().stream().map(PlanningContext.File::path).toList();
    }

    @Test
    void buildFilesAndFilesNamedByTheGoalComeFirstAndSecretsBinariesGitAndOutsideLinksNever() {
        PlanningContext c = RepoContext.collect(repo, "git x", "abc", GOAL, null, 200_000);

        assertThat(paths(c)).startsWith("README.md", "pom.xml", "src/main/java/billing/Invoice.java");
        assertThat(c.files().get(2).reason()).isEqualTo("goal");
        assertThat(c.files().get(0).reason()).isEqualTo("build");
        assertThat(paths(c))
                .contains("src/main/java/billing/Customer.java", "docs/deep/nested/notes.txt", "notes-link.md")
                .doesNotContain(
                        ".env",
                        ".env.production",
                        "config/id_rsa",
                        "certs/server.pem",
                        "certs/client.key",
                        "certs/store.p12",
                        "config/credentials.json",
                        ".ssh/config",
                        "logo.png",
                        "latin1.txt",
                        "link-out.txt",
                        "link-to-env",
                        "lib/vendor/.git");
        assertThat(allContent(c))
                .contains("class Invoice")
                .doesNotContain("secret-value")
                .doesNotContain("PNG");
        // the tree names what exists (a .env file is worth knowing about), but nothing from .git or outside
        assertThat(c.tree())
                .contains(".env", "logo.png", "src/main/java/billing/Invoice.java", "notes-link.md")
                .doesNotContain(".git/config", "link-out.txt", "etc-link", "lib/vendor/.git")
                .noneMatch(p -> p.startsWith(".git/"));
        assertThat(c.treeTruncated()).isFalse();
    }

    @Test
    void theByteBudgetIsKeptAndWhatDidNotFitIsCounted() throws IOException {
        write("src/main/java/billing/InvoiceTotals.java", "// totals\n" + "x".repeat(6000) + "\n");
        PlanningContext c = RepoContext.collect(repo, "git x", "abc", GOAL, null, 4096);

        long treeBytes = c.tree().stream().mapToLong(p -> p.length() + 1).sum();
        assertThat(c.contentBytes() + treeBytes).isLessThanOrEqualTo(4096);
        assertThat(paths(c)).doesNotContain("src/main/java/billing/InvoiceTotals.java");
        assertThat(c.omitted()).isGreaterThanOrEqualTo(1);
        assertThat(paths(c)).contains("README.md", "src/main/java/billing/Invoice.java");
    }

    @Test
    void aLargeTreeIsCutAndSaysSo() throws IOException {
        for (int i = 0; i < 300; i++) write("gen/file" + i + ".txt", "x\n");
        PlanningContext c = RepoContext.collect(repo, "git x", "abc", GOAL, null, 8192);
        assertThat(c.treeTruncated()).isTrue();
        assertThat(c.tree().stream().mapToLong(p -> p.length() + 1).sum()).isLessThanOrEqualTo(8192 / 4);
    }

    @Test
    void goalWordsIgnoreShortAndCommonWords() {
        assertThat(RepoContext.words("Add a discount to the invoice totals and fix tests"))
                .containsExactly("discount", "invoice", "totals");
    }
}
