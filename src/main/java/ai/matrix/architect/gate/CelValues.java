package ai.matrix.architect.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Turns YAML and JSON values into the Java types CEL expects: Long, Double, String, Boolean, List, Map. */
final class CelValues {
    private CelValues() {}

    static Map<String, Object> normalizeMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (map != null) map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
        return out;
    }

    static Object normalize(Object v) {
        if (v == null) return null;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof java.math.BigInteger b) return b.longValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof java.math.BigDecimal d) return d.doubleValue();
        if (v instanceof Map<?, ?> m) return normalizeMap(m);
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(normalize(o));
            return out;
        }
        if (v instanceof JsonNode n) return fromJson(n);
        if (v instanceof java.util.Date || v instanceof java.time.temporal.Temporal) return v.toString();
        return v;
    }

    static Object fromJson(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : n.properties()) {
                Object value = fromJson(e.getValue());
                if (value != null) out.put(e.getKey(), value);
            }
            return out;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonNode e : n) {
                Object value = fromJson(e);
                if (value != null) out.add(value);
            }
            return out;
        }
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.asDouble();
        if (n.isBoolean()) return n.asBoolean();
        return n.asString();
    }
}
