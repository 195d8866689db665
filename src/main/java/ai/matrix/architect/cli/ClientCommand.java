package ai.matrix.architect.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A command that calls the server: {@code --server}, {@code --profile}, and the output of its command line. */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    ApiClient api() throws IOException {
        return client.api();
    }

    @Override
    public Integer call() throws Exception {
        try {
            return execute();
        } finally {
            out().flush();
        }
    }

    abstract int execute() throws Exception;
}
