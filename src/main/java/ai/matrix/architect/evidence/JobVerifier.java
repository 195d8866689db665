package ai.matrix.architect.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.JsonNode;

/**
 * The offline check of a job's evidence bundle with only the public key (docs/evidence.md, "Checking a bundle"):
 * every signature, the chain of the ledger's statements, the diff against the approved digest, the SBOM and the test
 * report against the provenance, and one result commit throughout. Each check is a line, passed or failed.
 */
public final class JobVerifier {
    /** One check: what was checked, and whether it held. */
    public record Check(boolean ok, String text) {
        public String line() {
            return (ok ? "✓ " : "✗ ") + text;
        }
    }

    public record Result(List<Check> checks) {
        public boolean ok() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
        }
    }

    /** One ledger statement as read from the bundle. */
    private record Link(String file, String digest, JsonNode statement) {
        String kind() {
            String type = Dsse.text(statement, "predicateType");
            return type == null ? "" : type.replace(Ledger.TYPE_PREFIX, "").replace("/v1", "");
        }

        JsonNode predicate() {
            return statement.path("predicate");
        }
    }

    private final PublicKey key;
    private final String keyId;
    private final Map<String, byte[]> files;
    private final List<Check> checks = new ArrayList<>();

    private JobVerifier(PublicKey key, Map<String, byte[]> files) {
        this.key = key;
        this.keyId = AttestationKeys.keyId(key);
        this.files = files;
    }

    /** Reads the zip's entries by name. */
    public static Map<String, byte[]> unzip(InputStream zip) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(zip)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    public static Result verify(Map<String, byte[]> files, PublicKey key) {
        JobVerifier v = new JobVerifier(key, files);
        v.run();
        return new Result(List.copyOf(v.checks));
    }

    private void check(boolean ok, String passed, String failed) {
        checks.add(new Check(ok, ok ? passed : failed));
    }

    private void run() {
        List<Link> chain = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith("ledger/")) continue;
            Link link = signed(f.getKey(), f.getValue());
            if (link != null) chain.add(link);
        }
        check(!chain.isEmpty(), chain.size() + " ledger statement(s)", "the bundle holds no ledger statement");
        JsonNode provenance = attestation(EvidenceRecorder.PROVENANCE);
        attestation(EvidenceRecorder.SUMMARY);
        chain(chain);
        Link gate = last(chain, "gate");
        if (gate != null) {
            gateEvidence(gate);
            approvals(chain, gate);
        }
        attested(provenance, "sbom.cdx.json");
        attested(provenance, "test-report.json");
        resultCommit(provenance, chain);
    }

    /** The envelope's signature with the given key; the statement, or null when it does not verify. */
    private Link signed(String file, byte[] bytes) {
        try {
            JsonNode env = Dsse.json().readTree(new String(bytes, StandardCharsets.UTF_8));
            byte[] payload = Base64.getDecoder().decode(Dsse.text(env, "payload"));
            String type = Dsse.text(env, "payloadType");
            boolean valid = false;
            String named = null;
            for (JsonNode sig : env.path("signatures")) {
                named = Dsse.text(sig, "keyid");
                valid |= Dsse.verify(type, payload, Base64.getDecoder().decode(Dsse.text(sig, "sig")), key);
            }
            check(
                    valid && Dsse.IN_TOTO_PAYLOAD_TYPE.equals(type),
                    "signature of " + file + " (key " + keyId + ")",
                    "signature of " + file + " does not verify with the given key " + keyId
                            + " (the envelope names key " + named + "): altered, or signed by another key");
            if (!valid) return null;
            JsonNode st = Dsse.json().readTree(new String(payload, StandardCharsets.UTF_8));
            return new Link(file, EvidenceRecorder.sha256(payload), st);
        } catch (RuntimeException e) {
            check(false, "", file + " is not a DSSE envelope: " + e.getMessage());
            return null;
        }
    }

    private JsonNode attestation(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            check(false, "", "the bundle holds no " + name);
            return null;
        }
        Link link = signed(name, bytes);
        return link == null ? null : link.statement();
    }

    /** Each statement names the digest of the one before it; the first names none. */
    private void chain(List<Link> chain) {
        Set<String> digests = new LinkedHashSet<>();
        chain.forEach(l -> digests.add(l.digest()));
        boolean whole = true;
        for (int i = 0; i < chain.size(); i++) {
            Link l = chain.get(i);
            JsonNode prev = l.predicate().get("previous");
            String named = prev == null || prev.isNull() ? null : prev.asString();
            String expected = i == 0 ? null : chain.get(i - 1).digest();
            if (Objects.equals(named, expected)) continue;
            whole = false;
            if (named != null && digests.contains(named)) {
                String at = chain.stream()
                        .filter(o -> o.digest().equals(named))
                        .findFirst()
                        .orElseThrow()
                        .file();
                check(false, "", "chain out of order: " + l.file() + " names " + at + " as the statement before it");
            } else if (named != null) {
                check(
                        false,
                        "",
                        "chain broken: the statement before " + l.file() + " (sha256:" + named
                                + ") is missing from the bundle");
            } else {
                check(false, "", "chain broken: " + l.file() + " starts a chain but is not the first statement");
            }
        }
        if (whole && !chain.isEmpty()) {
            check(true, "chain of " + chain.size() + " statement(s), each naming the one before it", "");
        }
    }

    /** The provenance and verification summary the gate decided on are the bundle's. */
    private void gateEvidence(Link gate) {
        gate.predicate().path("evidence").properties().forEach(e -> {
            byte[] bytes = files.get(e.getKey());
            String actual = bytes == null ? "nothing" : EvidenceRecorder.sha256(bytes);
            check(
                    actual.equals(e.getValue().asString()),
                    e.getKey() + " is the one the gate decided on (sha256:" + actual + ")",
                    e.getKey() + " hashes to " + actual + ", but the gate decided on sha256:"
                            + e.getValue().asString());
        });
    }

    /** The bundle's diff is the approved one, and enough people approved it after the last gate decision. */
    private void approvals(List<Link> chain, Link gate) {
        byte[] diff = files.getOrDefault("patch.diff", new byte[0]);
        String actual = EvidenceRecorder.sha256(diff);
        String gated = gate.predicate().path("diff").path("sha256").asString("");
        Set<String> approvers = new LinkedHashSet<>();
        for (Link l : chain.subList(chain.indexOf(gate) + 1, chain.size())) {
            if (!l.kind().equals("approval")) continue;
            String approved = l.predicate().path("diff").path("sha256").asString("");
            check(
                    approved.equals(actual),
                    "patch.diff hashes to the diff "
                            + l.predicate().path("approver").asString() + " approved (sha256:" + actual + ")",
                    "patch.diff hashes to sha256:" + actual + ", not to the approved sha256:" + approved
                            + " (approval of " + l.predicate().path("approver").asString() + " in " + l.file() + ")");
            if (approved.equals(gated))
                approvers.add(l.predicate().path("approver").asString());
        }
        if (!"require_approval".equals(gate.predicate().path("decision").asString(""))) return;
        int required = gate.predicate().path("required_approvals").asInt(1);
        check(
                approvers.size() >= required,
                required + " approval(s) required, " + approvers.size() + " given for the diff: " + approvers,
                "the gate required " + required + " approval(s) of the diff, the chain holds " + approvers.size() + " "
                        + approvers);
    }

    /** A file of the bundle hashes to the digest the provenance gives it. */
    private void attested(JsonNode provenance, String name) {
        if (provenance == null) return;
        for (JsonNode s : provenance.path("subject")) {
            if (!name.equals(Dsse.text(s, "name"))) continue;
            String attested = s.path("digest").path("sha256").asString("");
            byte[] bytes = files.get(name);
            String actual = bytes == null ? "nothing (missing)" : EvidenceRecorder.sha256(bytes);
            check(
                    attested.equals(actual),
                    name + " matches the provenance (sha256:" + actual + ")",
                    name + " hashes to " + actual + ", but the provenance attests sha256:" + attested);
            return;
        }
    }

    /**
     * The commit the provenance attests is the one approved, deployed and pushed. Statements before the last gate
     * decision are history (an earlier diff, its voided approvals) and may name another.
     */
    private void resultCommit(JsonNode provenance, List<Link> all) {
        if (provenance == null) return;
        Link gate = last(all, "gate");
        List<Link> chain = gate == null ? all : all.subList(all.indexOf(gate), all.size());
        String attested = null;
        for (JsonNode s : provenance.path("subject")) {
            if (s.path("digest").has("gitCommit"))
                attested = s.path("digest").path("gitCommit").asString();
        }
        List<String> differs = new ArrayList<>();
        for (Link l : chain) {
            JsonNode p = l.predicate();
            String named = switch (l.kind()) {
                case "gate", "approval" -> p.path("diff").path("result_commit").asString(null);
                case "release" -> p.path("deployed_commit").asString(null);
                case "publication" -> p.path("pushed_commit").asString(null);
                default -> null;
            };
            if (named != null && !named.equals(attested)) differs.add(l.file() + " names " + named);
        }
        check(
                attested != null && differs.isEmpty(),
                "result commit " + attested + " is the provenance's, and the one approved, deployed and pushed",
                "the provenance names result commit " + attested + ", but " + String.join("; ", differs));
    }

    private static Link last(List<Link> chain, String kind) {
        Link found = null;
        for (Link l : chain) if (l.kind().equals(kind)) found = l;
        return found;
    }
}
