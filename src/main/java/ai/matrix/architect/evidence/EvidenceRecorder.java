package ai.matrix.architect.evidence;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.ecosystem.Package;
import ai.matrix.architect.job.Job;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a verification into evidence another tool can check: the CycloneDX SBOM of the resolved dependencies,
 * the vulnerability scan of it ({@link VulnerabilityScan}), a signed SLSA provenance and a signed verification summary (DSSE, in-toto Statement v1),
 * and one evidence bundle (zip) with every artifact of the job and a manifest of their SHA-256 digests.
 */
@Service
public class EvidenceRecorder {
    public static final String SBOM = "sbom.cdx.json";
    public static final String SCAN = "vulnerabilities.json";
    public static final String PROVENANCE = "provenance.intoto.json";
    public static final String SUMMARY = "verification-summary.intoto.json";
    public static final String BUNDLE = "evidence-bundle.zip";
    public static final String PROVENANCE_TYPE = "https://slsa.dev/provenance/v1";
    public static final String SUMMARY_TYPE = "https://matrix-architect.ai/attestation/verification-summary/v1";
    public static final String BUILD_TYPE = "https://matrix-architect.ai/buildtypes/job/v1";
    static final String DSSE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
    private static final Set<String> NOT_SUBJECTS = Set.of(PROVENANCE, SUMMARY, BUNDLE);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Artifacts artifacts;
    private final AttestationKeys keys;
    private final EvidenceProperties props;
    private final VulnerabilityScan scanner;

    private final java.time.Clock clock;

    public EvidenceRecorder(
            Artifacts artifacts,
            AttestationKeys keys,
            EvidenceProperties props,
            VulnerabilityScan scanner,
            java.time.Clock clock) {
        this.clock = clock;
        this.artifacts = artifacts;
        this.keys = keys;
        this.props = props;
        this.scanner = scanner;
    }

    /**
     * What VERIFY did, for the attestations.
     *
     * @param repositoryUri where the source came from (no credentials)
     * @param verification the checks and test counts as VERIFY records them on the job
     * @param passed whether VERIFY passed
     * @param dependencyCache the project's dependency cache the checks used, or null when they kept their caches
     *     inside the work tree
     */
    public record Verification(
            Job job,
            Path workTree,
            String repositoryUri,
            String baseCommit,
            String resultCommit,
            Instant startedOn,
            String sandbox,
            ObjectNode verification,
            boolean passed,
            Path dependencyCache) {}

    /** The SBOM and scan; adds {@code sbom}, {@code scan} and {@code vulnerabilities} to the evidence. */
    public void sbomAndScan(Verification v, ObjectNode evidence, Consumer<String> log) {
        ResolvedDependencies.Result deps;
        try {
            deps = ResolvedDependencies.of(v.workTree(), v.dependencyCache());
            String sbom = SbomBuilder.json(
                    deps, v.job().repoDisplay(), v.resultCommit(), v.job().id());
            ArtifactInfo a = artifacts.putText(v.job().id(), "VERIFY", SBOM, "sbom", SbomBuilder.MEDIA_TYPE, sbom);
            evidence.put("sbom", a.id());
            log.accept("[matrix-architect] SBOM: " + deps.packages().size() + " component(s) from "
                    + (deps.sources().isEmpty() ? "no lockfile or resolved tree" : String.join(", ", deps.sources()))
                    + " (CycloneDX 1.6, " + SBOM + ")");
        } catch (IOException | RuntimeException e) {
            evidence.put("sbom_error", "the SBOM could not be built: " + e.getMessage());
            log.accept("[matrix-architect] the SBOM could not be built: " + e.getMessage());
            return;
        }
        ObjectNode scan = evidence.putObject("scan");
        if (!props.securityScan() || !securityScanRequested(v.job())) {
            scan.put("status", "skipped");
            scan.put(
                    "reason",
                    props.securityScan()
                            ? "the job's security_scan constraint is false"
                            : "security scanning is off on this server (ENABLE_SECURITY_SCAN=false)");
            log.accept("[matrix-architect] vulnerability scan skipped: "
                    + scan.get("reason").asString());
            return;
        }
        scan(v, deps.packages(), scan, evidence, log);
    }

    private void scan(
            Verification v, List<Package> packages, ObjectNode scan, ObjectNode evidence, Consumer<String> log) {
        VulnerabilityScan.Result r = scanner.scan(packages, v.workTree(), v.startedOn(), log);
        scan.put("status", r.status());
        if (r.reason() != null) scan.put("reason", r.reason());
        if (r.report() == null) {
            // the policy input tells "nothing to scan with" from a scan that was turned off
            scan.put("no_source", true);
            log.accept("[matrix-architect] vulnerability scan skipped: " + r.reason());
            return;
        }
        r.toolReports().forEach((source, file) -> {
            // the scanner's own report, as it wrote it, goes into the evidence beside the merged one
            try {
                artifacts.putText(
                        v.job().id(),
                        "VERIFY",
                        file.getFileName().toString(),
                        "report",
                        "application/json",
                        Files.readString(v.workTree().resolve(file)));
            } catch (IOException | RuntimeException e) {
                log.accept("[matrix-architect] the " + source + " report could not be kept: " + e.getMessage());
            }
        });
        ObjectNode report = r.report();
        ArtifactInfo a =
                artifacts.putText(v.job().id(), "VERIFY", SCAN, "scan", "application/json", report.toPrettyString());
        scan.put("report", a.id());
        if (r.advisories() != null) scan.put("advisories", r.advisories());
        scan.put("findings", report.get("findings").size());
        ArrayNode sources = scan.putArray("sources");
        for (JsonNode s : report.get("sources")) {
            ObjectNode one = sources.addObject();
            for (String field : List.of("name", "status", "findings", "reason")) {
                if (s.has(field)) one.set(field, s.get(field));
            }
        }
        if (r.status().equals("completed")) {
            evidence.set("vulnerabilities", report.get("counts").deepCopy());
            log.accept("[matrix-architect] vulnerability scan of " + packages.size() + " component(s): "
                    + report.get("counts") + (r.reason() == null ? "" : "; failed: " + r.reason()));
        } else {
            log.accept("[matrix-architect] the vulnerability scan failed: " + r.reason());
        }
    }

    /** Whether the job's dependencies are scanned: the server scans, and the job did not turn it off. */
    public boolean scans(Job job) {
        return props.securityScan() && securityScanRequested(job);
    }

    private static boolean securityScanRequested(Job job) {
        var c = job.spec().constraints();
        return c == null || c.securityScan() == null || c.securityScan();
    }

    /** Signs the provenance and the verification summary, then writes the bundle; adds their ids. */
    public void attestAndBundle(Verification v, ObjectNode evidence, Consumer<String> log) {
        Instant finished = clock.instant();
        List<ArtifactInfo> produced = artifacts.list(v.job().id()).stream()
                .filter(a -> !NOT_SUBJECTS.contains(a.name()))
                .toList();
        ObjectNode provenance = statement(v, produced, PROVENANCE_TYPE, provenancePredicate(v, finished));
        ObjectNode summary = statement(v, produced, SUMMARY_TYPE, summaryPredicate(v, evidence, finished));
        ArtifactInfo p = artifacts.putText(
                v.job().id(),
                "VERIFY",
                PROVENANCE,
                "attestation",
                DSSE_MEDIA_TYPE,
                sign(provenance).toString());
        ArtifactInfo s = artifacts.putText(
                v.job().id(),
                "VERIFY",
                SUMMARY,
                "attestation",
                DSSE_MEDIA_TYPE,
                sign(summary).toString());
        evidence.put("attestation", p.id());
        evidence.put("verification_summary", s.id());
        evidence.put("attestation_key_id", keys.keyId());
        log.accept("[matrix-architect] signed " + PROVENANCE + " and " + SUMMARY + " (DSSE, ECDSA P-256, keyid "
                + keys.keyId() + "); verify with: matrix-architect verify-attestation FILE --key <GET"
                + " /api/keys/attestation>");
        try {
            ArtifactInfo b = bundle(v.job(), evidence);
            evidence.put("bundle", b.id());
        } catch (IOException | RuntimeException e) {
            evidence.put("bundle_error", "the evidence bundle could not be written: " + e.getMessage());
            log.accept("[matrix-architect] the evidence bundle could not be written: " + e.getMessage());
        }
    }

    private ObjectNode sign(ObjectNode statement) {
        byte[] payload = statement.toString().getBytes(StandardCharsets.UTF_8);
        return Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, keys.privateKey(), keys.keyId());
    }

    private ObjectNode statement(Verification v, List<ArtifactInfo> produced, String type, ObjectNode predicate) {
        ObjectNode st = JSON.createObjectNode();
        st.put("_type", AttestationVerifier.STATEMENT_TYPE);
        ArrayNode subject = st.putArray("subject");
        ObjectNode commit = subject.addObject();
        commit.put("name", v.repositoryUri());
        commit.putObject("digest").put("gitCommit", v.resultCommit());
        for (ArtifactInfo a : produced) {
            ObjectNode s = subject.addObject();
            s.put("name", a.name());
            s.putObject("digest").put("sha256", a.sha256());
        }
        st.put("predicateType", type);
        st.set("predicate", predicate);
        return st;
    }

    private ObjectNode provenancePredicate(Verification v, Instant finished) {
        ObjectNode pred = JSON.createObjectNode();
        ObjectNode def = pred.putObject("buildDefinition");
        def.put("buildType", BUILD_TYPE);
        ObjectNode ext = def.putObject("externalParameters");
        ext.put("repository", v.repositoryUri());
        if (v.job().spec().repo() != null && v.job().spec().repo().ref() != null) {
            ext.put("ref", v.job().spec().repo().ref());
        }
        ext.put("goal", v.job().spec().goal());
        if (v.job().plan() != null) ext.set("plan", v.job().plan());
        ObjectNode internal = def.putObject("internalParameters");
        internal.put("sandbox", v.sandbox());
        internal.put("job_branch", v.job().branch());
        ArrayNode deps = def.putArray("resolvedDependencies");
        ObjectNode src = deps.addObject();
        src.put("uri", "git+" + v.repositoryUri());
        src.putObject("digest").put("gitCommit", v.baseCommit());
        src.put("name", "source");
        ObjectNode run = pred.putObject("runDetails");
        run.putObject("builder").put("id", props.builderId());
        ObjectNode meta = run.putObject("metadata");
        meta.put("invocationId", v.job().id());
        meta.put("startedOn", (v.job().startedAt() != null ? v.job().startedAt() : v.startedOn()).toString());
        meta.put("finishedOn", finished.toString());
        return pred;
    }

    private ObjectNode summaryPredicate(Verification v, ObjectNode evidence, Instant finished) {
        ObjectNode pred = JSON.createObjectNode();
        pred.putObject("verifier").put("id", props.builderId());
        pred.put("timeVerified", finished.toString());
        pred.put("resourceUri", "git+" + v.repositoryUri() + "@" + v.resultCommit());
        pred.put("invocationId", v.job().id());
        pred.put("verificationResult", v.passed() ? "PASSED" : "FAILED");
        pred.set("checks", v.verification().path("checks").deepCopy());
        pred.set("tests", v.verification().path("tests").deepCopy());
        pred.set(
                "vulnerabilities",
                evidence.has("vulnerabilities")
                        ? evidence.get("vulnerabilities").deepCopy()
                        : null);
        pred.set("scan", evidence.has("scan") ? evidence.get("scan").deepCopy() : null);
        JsonNode gate = v.job().gate();
        // VERIFY runs before GATE: the policy versions are known only when a gate decision exists (a retried job)
        pred.set(
                "policy",
                gate != null && gate.has("policies") ? gate.get("policies").deepCopy() : null);
        return pred;
    }

    private ArtifactInfo bundle(Job job, ObjectNode evidence) throws IOException {
        Path zip = Files.createTempFile("evidence", ".zip");
        try {
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("job", job.id());
            manifest.put("repository", job.repoDisplay());
            manifest.put("created_at", clock.instant().toString());
            manifest.put("attestation_key_id", keys.keyId());
            ArrayNode files = manifest.putArray("files");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                List<ArtifactInfo> all = artifacts.list(job.id());
                // a plan that changed nothing leaves no plan or diff artifact: the bundle still holds both
                if (all.stream().noneMatch(a -> a.name().equals("plan.json")) && job.plan() != null) {
                    extra(out, files, "plan.json", job.plan().toPrettyString().getBytes(StandardCharsets.UTF_8));
                }
                if (all.stream().noneMatch(a -> a.name().equals("patch.diff"))) {
                    extra(out, files, "patch.diff", new byte[0]);
                }
                for (ArtifactInfo a : all) {
                    if (a.name().equals(BUNDLE)) continue;
                    out.putNextEntry(new ZipEntry(a.name()));
                    try (InputStream in = artifacts.open(a)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                    ObjectNode f = files.addObject();
                    f.put("name", a.name());
                    f.put("kind", a.kind());
                    f.put("stage", a.stage());
                    f.put("size", a.size());
                    f.put("sha256", a.sha256());
                }
                entry(out, "attestation-key.pem", keys.publicPem().getBytes(StandardCharsets.UTF_8));
                extra(out, files, "evidence.json", evidence.toPrettyString().getBytes(StandardCharsets.UTF_8));
                entry(out, "manifest.json", manifest.toPrettyString().getBytes(StandardCharsets.UTF_8));
            }
            return artifacts.put(job.id(), "VERIFY", BUNDLE, "evidence", "application/zip", zip);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private static void extra(ZipOutputStream out, ArrayNode files, String name, byte[] bytes) throws IOException {
        entry(out, name, bytes);
        ObjectNode f = files.addObject();
        f.put("name", name);
        f.put("size", bytes.length);
        f.put("sha256", sha256(bytes));
    }

    private static void entry(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        ((OutputStream) out).write(bytes);
        out.closeEntry();
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
