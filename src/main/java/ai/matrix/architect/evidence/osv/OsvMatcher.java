package ai.matrix.architect.evidence.osv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Whether a version is affected by an OSV advisory's {@code affected} entry: its explicit {@code versions}, or its
 * {@code SEMVER}/{@code ECOSYSTEM} ranges evaluated as the OSV schema says (events sorted by version;
 * {@code introduced} opens a range, {@code fixed} closes it before that version, {@code last_affected} after it,
 * {@code limit} caps it; {@code introduced: "0"} is below every version). {@code GIT} ranges are not evaluated.
 */
public final class OsvMatcher {
    private OsvMatcher() {}

    public static boolean affects(JsonNode affected, String ecosystem, String version) {
        for (JsonNode v : affected.path("versions")) {
            if (v.asString("").equals(version)) return true;
        }
        for (JsonNode range : affected.path("ranges")) {
            String type = range.path("type").asString("");
            if (type.equals("GIT")) continue;
            if (inRange(range.path("events"), Versions.forRange(type, ecosystem), version)) return true;
        }
        return false;
    }

    record Event(String kind, String version) {}

    static boolean inRange(JsonNode events, Comparator<String> order, String version) {
        List<Event> list = new ArrayList<>();
        for (JsonNode e : events) {
            for (String kind : List.of("introduced", "fixed", "last_affected", "limit")) {
                if (e.hasNonNull(kind)) list.add(new Event(kind, e.get(kind).asString()));
            }
        }
        Comparator<Event> byVersion = (a, b) -> {
            boolean za = a.kind.equals("introduced") && a.version.equals("0");
            boolean zb = b.kind.equals("introduced") && b.version.equals("0");
            if (za || zb) return za && zb ? 0 : za ? -1 : 1;
            return order.compare(a.version, b.version);
        };
        list.sort(byVersion);
        boolean affected = false;
        for (Event e : list) {
            switch (e.kind) {
                case "introduced" -> {
                    if (e.version.equals("0") || order.compare(version, e.version) >= 0) affected = true;
                }
                case "fixed", "limit" -> {
                    if (order.compare(version, e.version) >= 0) affected = false;
                }
                case "last_affected" -> {
                    if (order.compare(version, e.version) > 0) affected = false;
                }
                default -> {}
            }
        }
        return affected;
    }
}
