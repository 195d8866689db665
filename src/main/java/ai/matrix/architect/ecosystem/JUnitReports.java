package ai.matrix.architect.ecosystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Finds JUnit XML reports (Surefire, Failsafe, pytest, Gradle, jest-junit, …) that a verify run wrote, and
 * reads them into one {@link TestReport}. The XML comes from untrusted code: DTDs and external entities are
 * refused, and files are size-capped.
 */
public final class JUnitReports {
    private static final long MAX_FILE = 32L << 20;
    private static final int MAX_FILES = 2000;
    private static final int MAX_DEPTH = 12;
    private static final Set<String> SKIP_DIRS = Set.of(".git", "node_modules", ".venv", "venv", "__pycache__", ".m2");
    private static final int MAX_DETAIL = 4000;

    private JUnitReports() {}

    /** Reports under the directory modified at or after {@code since}; stale reports committed to the repo are ignored. */
    public static TestReport collect(Path root, Instant since) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Path name = dir.getFileName();
                boolean cache = dir.equals(root.resolve(Ecosystem.WORKSPACE_CACHE));
                return (cache || (name != null && SKIP_DIRS.contains(name.toString()))) && !dir.equals(root)
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()
                        && file.toString().endsWith(".xml")
                        && attrs.size() <= MAX_FILE
                        && !attrs.lastModifiedTime().toInstant().isBefore(since.minusSeconds(2))) {
                    files.add(file);
                }
                return files.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        List<TestReport.Suite> suites = new ArrayList<>();
        for (Path f : files) suites.addAll(parse(f, root));
        return TestReport.of(suites);
    }

    /** The suites in one file, or none when it is not a JUnit report. */
    static List<TestReport.Suite> parse(Path file, Path root) {
        Document doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = builder().parse(in);
        } catch (Exception e) {
            return List.of();
        }
        Element top = doc.getDocumentElement();
        List<Element> suiteElements = new ArrayList<>();
        if (top.getTagName().equals("testsuite")) {
            suiteElements.add(top);
        } else if (top.getTagName().equals("testsuites")) {
            collectSuites(top, suiteElements);
        } else {
            return List.of();
        }
        String rel = root.relativize(file).toString();
        List<TestReport.Suite> suites = new ArrayList<>();
        if (top.getTagName().equals("testsuites")) {
            // node's junit reporter puts top-level tests straight under <testsuites>
            List<TestReport.Case> loose = cases(top, root);
            if (!loose.isEmpty()) suites.add(new TestReport.Suite(rel, rel, loose));
        }
        for (Element s : suiteElements) {
            suites.add(new TestReport.Suite(s.getAttribute("name"), rel, cases(s, root)));
        }
        return suites;
    }

    private static List<TestReport.Case> cases(Element parent, Path root) {
        List<TestReport.Case> cases = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element c && c.getTagName().equals("testcase"))
                cases.add(readCase(c, root));
        }
        return cases;
    }

    private static void collectSuites(Element parent, List<Element> out) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals("testsuite")) {
                out.add(e);
                collectSuites(e, out);
            }
        }
    }

    private static TestReport.Case readCase(Element c, Path root) {
        String status = "passed";
        String message = null;
        String detail = null;
        NodeList children = c.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element e)) continue;
            switch (e.getTagName()) {
                case "failure", "error" -> {
                    status = "failed";
                    message = firstNonBlank(e.getAttribute("message"), e.getAttribute("type"), "failed");
                    detail = truncate(e.getTextContent());
                }
                case "skipped" -> {
                    if (!status.equals("failed")) {
                        status = "skipped";
                        message = blankToNull(e.getAttribute("message"));
                    }
                }
                default -> {}
            }
        }
        String time = c.getAttribute("time");
        Double seconds = null;
        try {
            if (!time.isBlank()) seconds = Double.parseDouble(time.replace(",", ""));
        } catch (NumberFormatException ignored) {
            // some reporters write locale-formatted times; the time is optional
        }
        String classname = blankToNull(c.getAttribute("classname"));
        String file = blankToNull(c.getAttribute("file"));
        if (status.equals("failed")) file = Locations.of(file, classname, detail, root);
        return new TestReport.Case(c.getAttribute("name"), classname, status, message, detail, file, seconds);
    }

    private static DocumentBuilder builder() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    private static String truncate(String s) {
        if (s == null) return null;
        s = s.strip();
        return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "…" : s;
    }
}
