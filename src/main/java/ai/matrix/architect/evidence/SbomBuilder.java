package ai.matrix.architect.evidence;

import ai.matrix.architect.ecosystem.Package;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.generators.json.BomJsonGenerator;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/** A CycloneDX 1.6 JSON SBOM of resolved dependencies; its metadata names the repository, the commit and this tool. */
public final class SbomBuilder {
    public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";
    static final String TOOL_VERSION = "0.1.0";

    private static final SharedGenerator GENERATOR = new SharedGenerator();

    private SbomBuilder() {}

    public static String json(ResolvedDependencies.Result deps, String repository, String commit, String jobId) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
        bom.setVersion(1);
        bom.setMetadata(metadata(deps, repository, commit, jobId));
        List<Component> components = new ArrayList<>();
        List<Dependency> graph = new ArrayList<>();
        Dependency top = new Dependency("repository");
        for (String d : deps.direct()) top.addDependency(new Dependency(d));
        graph.add(top);
        for (Package p : deps.packages()) {
            components.add(component(p));
            Dependency d = new Dependency(p.purl());
            for (String child : p.dependsOn()) d.addDependency(new Dependency(child));
            graph.add(d);
        }
        bom.setComponents(components);
        bom.setDependencies(graph);
        try {
            return GENERATOR.write(bom);
        } catch (org.cyclonedx.exception.GeneratorException e) {
            throw new IllegalStateException("cannot write the SBOM: " + e.getMessage(), e);
        }
    }

    /**
     * One CycloneDX JSON generator for every SBOM. The library's factory builds a new generator, and with it a new
     * Jackson mapper with cold serializer caches, per BOM: that was 7% of a trivial job's Java CPU (docs/benchmarks.md).
     * The generator keeps its BOM in a protected field, so a subclass can hand it the next one; the lock keeps two
     * writers from swapping it under each other. The generator stamps {@code bomFormat} and {@code specVersion} only
     * on the BOM it was built with (through reflection on private fields), so they are written here, first, as the
     * specification orders them.
     */
    private static final class SharedGenerator extends BomJsonGenerator {
        SharedGenerator() {
            super(new Bom(), Version.VERSION_16);
        }

        synchronized String write(Bom next) throws org.cyclonedx.exception.GeneratorException {
            this.bom = next;
            try {
                String fields = toJsonString(false).strip();
                if (!fields.startsWith("{") || fields.equals("{}")) {
                    throw new org.cyclonedx.exception.GeneratorException("unexpected BOM JSON: " + fields);
                }
                return "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\""
                        + getSchemaVersion().getVersionString() + "\"," + fields.substring(1);
            } finally {
                this.bom = null;
            }
        }
    }

    /** This tool, and the repository at the commit as the SBOM's subject. */
    private static Metadata metadata(ResolvedDependencies.Result deps, String repository, String commit, String jobId) {
        Metadata meta = new Metadata();
        meta.setTimestamp(new Date());
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setGroup("ai.matrix");
        tool.setName("matrix-architect");
        tool.setVersion(TOOL_VERSION);
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        meta.setToolChoice(tools);
        Component subject = new Component();
        subject.setType(Component.Type.APPLICATION);
        subject.setBomRef("repository");
        subject.setName(repository);
        subject.setVersion(commit);
        subject.setProperties(List.of(
                property("matrix-architect:repository", repository),
                property("matrix-architect:commit", commit),
                property("matrix-architect:job", jobId),
                property("matrix-architect:sources", String.join(",", deps.sources()))));
        meta.setComponent(subject);
        return meta;
    }

    /** One package as a library component: its purl as bom-ref, Maven's group apart, hashes and licenses. */
    private static Component component(Package p) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setBomRef(p.purl());
        c.setPurl(p.purl());
        int colon = p.name().indexOf(':');
        if (p.ecosystem().equals("Maven") && colon > 0) {
            c.setGroup(p.name().substring(0, colon));
            c.setName(p.name().substring(colon + 1));
        } else {
            c.setName(p.name());
        }
        c.setVersion(p.version());
        c.setScope(p.optional() ? Component.Scope.OPTIONAL : Component.Scope.REQUIRED);
        List<Hash> hashes = new ArrayList<>();
        for (Map.Entry<String, String> h : p.hashes().entrySet()) hashes.add(new Hash(h.getKey(), h.getValue()));
        if (!hashes.isEmpty()) c.setHashes(hashes);
        if (!p.licenses().isEmpty()) {
            LicenseChoice lc = new LicenseChoice();
            for (String l : p.licenses()) {
                License license = new License();
                license.setName(l);
                lc.addLicense(license);
            }
            c.setLicenses(lc);
        }
        c.setProperties(List.of(property("matrix-architect:source", p.source())));
        return c;
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value == null ? "" : value);
        return p;
    }
}
