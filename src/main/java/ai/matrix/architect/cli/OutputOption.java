package ai.matrix.architect.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code -o/--output json|table} on every read command: the API's JSON as it came, or an aligned table. */
final class OutputOption {
    enum Format {
        table,
        json
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "json (the API's answer, for scripts) or table (default)")
    Format format = Format.table;

    boolean json() {
        return format == Format.json;
    }

    void printJson(PrintWriter out, JsonNode node) {
        out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** A column: its heading and how to read it from an item. */
    record Column(String heading, Function<JsonNode, String> value) {
        static Column field(String heading, String field) {
            return new Column(heading, n -> JobFollower.text(n, field));
        }
    }

    /** The items as JSON, or as a table whose columns are as wide as their widest cell; says so when empty. */
    void print(PrintWriter out, JsonNode root, JsonNode items, String none, List<Column> columns) {
        if (json()) {
            printJson(out, root);
            return;
        }
        if (items == null || items.isEmpty()) {
            out.println(none);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::heading).toList());
        for (JsonNode item : items)
            rows.add(columns.stream().map(c -> c.value().apply(item)).toList());
        Table.print(out, rows);
    }
}
