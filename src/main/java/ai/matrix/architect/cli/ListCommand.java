package ai.matrix.architect.cli;

import java.util.List;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/** A read command that shows the {@code items} of one GET as a table, or the answer as JSON. */
abstract class ListCommand extends ClientCommand {
    @Mixin
    OutputOption output;

    abstract String path();

    abstract String none();

    abstract List<OutputOption.Column> columns();

    @Override
    int execute() throws Exception {
        JsonNode page = api().get(path());
        output.print(out(), page, page.get("items"), none(), columns());
        return ExitCodes.SUCCEEDED;
    }

    static OutputOption.Column col(String heading, String field) {
        return OutputOption.Column.field(heading, field);
    }
}
