package ai.matrix.architect.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.matrix.architect.cli.Main;
import ai.matrix.architect.secret.FileSecretProvider;
import ai.matrix.architect.secret.Redactor;
import ai.matrix.architect.secret.Secrets;
import ai.matrix.architect.secret.SecretsProperties;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AttestationTest {
    @TempDir
    Path dir;

    private static final String STATEMENT = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":"
            + "\"sbom.cdx.json\",\"digest\":{\"sha256\":\"%s\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\","
            + "\"predicate\":{}}";

    @Test
    void keyIsGeneratedOnceAndReloaded() {
        AttestationKeys a = new AttestationKeys(dir.resolve("keys"));
        AttestationKeys b = new AttestationKeys(dir.resolve("keys"));
        assertThat(b.keyId()).isEqualTo(a.keyId()).hasSize(64);
        assertThat(b.publicPem()).isEqualTo(a.publicPem()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.isRegularFile(dir.resolve("keys/attestation-key.pem"))).isTrue();
    }

    @Test
    void keyComesFromTheSecretsProviderWithOrWithoutItsPublicBlock() throws Exception {
        KeyPair pair = newPair();
        String both = AttestationKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                + AttestationKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded());
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("attestation.pem"), both);
        Redactor redactor = new Redactor();
        Secrets provider = new Secrets(List.of(new FileSecretProvider(secrets)), secretsProps(), redactor);

        KeyPair fromSecret = AttestationKeys.fromSecret("file:attestation.pem", provider);
        assertThat(AttestationKeys.keyId(fromSecret.getPublic())).isEqualTo(AttestationKeys.keyId(pair.getPublic()));
        // the key is a secret like any other: masked wherever a job would print it
        assertThat(redactor.redact("key: " + both)).doesNotContain("BEGIN PRIVATE KEY");

        assertThatThrownBy(() -> AttestationKeys.fromSecret("file:missing.pem", provider))
                .hasMessageContaining("does not have");
        // a private key with another key's public block is refused, not used
        Files.writeString(
                secrets.resolve("mixed.pem"),
                AttestationKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                        + AttestationKeys.pem(
                                "PUBLIC KEY", newPair().getPublic().getEncoded()));
        assertThatThrownBy(() -> AttestationKeys.fromSecret("file:mixed.pem", provider))
                .hasMessageContaining("does not belong");
        // the JDK's PKCS#8 carries no public point: the error says what to add
        Files.writeString(
                secrets.resolve("bare.pem"),
                AttestationKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        assertThatThrownBy(() -> AttestationKeys.fromSecret("file:bare.pem", provider))
                .hasMessageContaining("PUBLIC KEY block");
    }

    @Test
    void anOpensslKeyNeedsNoPublicBlock() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Process p = new ProcessBuilder(
                        "/usr/bin/openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256")
                .redirectErrorStream(true)
                .start();
        String pem = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(pem).isZero();
        assertThat(pem).contains("BEGIN PRIVATE KEY").doesNotContain("PUBLIC KEY");
        KeyPair pair = AttestationKeys.parsePair(pem);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(pair.getPrivate());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(pair.getPublic());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
    }

    private static KeyPair newPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static SecretsProperties secretsProps() {
        return new SecretsProperties("env", "ARCHITECT_SECRET_", "", "", "", "secret", "", "", "", Map.of());
    }

    @Test
    void signatureIsOverPaeComputedByHandAndVerifiesWithTheJdk() throws Exception {
        AttestationKeys keys = new AttestationKeys(dir.resolve("keys"));
        byte[] payload = STATEMENT.formatted("ab".repeat(32)).getBytes(StandardCharsets.UTF_8);
        ObjectNode env = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, keys.privateKey(), keys.keyId());

        // PAE by hand, from the DSSE v1 specification.
        String type = env.get("payloadType").asString();
        byte[] body = Base64.getDecoder().decode(env.get("payload").asString());
        String pae = "DSSEv1 " + type.length() + " " + type + " " + body.length + " "
                + new String(body, StandardCharsets.UTF_8);
        JsonNode sig = env.get("signatures").get(0);
        assertThat(sig.get("keyid").asString()).isEqualTo(keys.keyId());
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(AttestationKeys.parsePublicPem(keys.publicPem()));
        s.update(pae.getBytes(StandardCharsets.UTF_8));
        assertThat(s.verify(Base64.getDecoder().decode(sig.get("sig").asString())))
                .isTrue();
        assertThat(type).isEqualTo("application/vnd.in-toto+json");
    }

    @Test
    void cliVerifiesAndOneChangedByteFails() throws Exception {
        AttestationKeys keys = new AttestationKeys(dir.resolve("keys"));
        byte[] sbom = "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8);
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(sbom));
        byte[] payload = STATEMENT.formatted(sha).getBytes(StandardCharsets.UTF_8);
        ObjectNode env = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, keys.privateKey(), keys.keyId());
        Path pem = Files.writeString(dir.resolve("key.pem"), keys.publicPem());
        Path file = Files.writeString(dir.resolve("att.intoto.json"), env.toString());
        Files.write(dir.resolve("sbom.cdx.json"), sbom);

        Run ok = cli(
                file.toString(),
                "--key",
                pem.toString(),
                "--subject",
                dir.resolve("sbom.cdx.json").toString());
        assertThat(ok.code).as(ok.out + ok.err).isZero();
        assertThat(ok.out)
                .contains("signature over PAE(payloadType, payload) is valid for key " + keys.keyId())
                .contains("in-toto Statement v1, predicateType https://slsa.dev/provenance/v1")
                .contains("file sbom.cdx.json has the subject's sha256 " + sha)
                .contains("VERIFIED");

        // one byte of the payload changed
        byte[] tampered = payload.clone();
        tampered[tampered.length - 3] ^= 1;
        ObjectNode bad = env.deepCopy();
        bad.put("payload", Base64.getEncoder().encodeToString(tampered));
        Files.writeString(file, bad.toString());
        Run r1 = cli(file.toString(), "--key", pem.toString());
        assertThat(r1.code).isEqualTo(1);
        assertThat(r1.err).contains("no signature verifies");

        // one byte of the signature changed
        ObjectNode bad2 = env.deepCopy();
        byte[] sig = Base64.getDecoder()
                .decode(env.get("signatures").get(0).get("sig").asString());
        sig[sig.length - 1] ^= 1;
        ((ObjectNode) bad2.get("signatures").get(0))
                .put("sig", Base64.getEncoder().encodeToString(sig));
        Files.writeString(file, bad2.toString());
        assertThat(cli(file.toString(), "--key", pem.toString()).code).isEqualTo(1);
        assertThat(AttestationVerifier.verify(bad2.toString(), keys.publicKey(), Map.of())
                        .ok())
                .isFalse();

        // another key
        AttestationKeys other = new AttestationKeys(dir.resolve("other"));
        assertThat(AttestationVerifier.verify(env.toString(), other.publicKey(), Map.of())
                        .ok())
                .isFalse();
        assertThat(AttestationVerifier.verify(env.toString(), keys.publicKey(), Map.of())
                        .ok())
                .isTrue();
    }

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 1];
        full[0] = "verify-attestation";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = cl.execute(full);
        return new Run(code, out.toString(), err.toString());
    }
}
