package ai.matrix.architect.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code matrix-architect <command>}: the server modes and a client of the HTTP API. */
@Command(
        name = "matrix-architect",
        mixinStandardHelpOptions = true,
        version = "Matrix Architect 0.1.0",
        description = "Plans, applies, verifies, gates, deploys and publishes changes to git repositories.",
        subcommands = {
            ServerCommand.Serve.class,
            ServerCommand.Api.class,
            ServerCommand.Worker.class,
            DemoCommand.class,
            ClientCommands.Login.class,
            ClientCommands.Submit.class,
            ClientCommands.Status.class,
            ClientCommands.Logs.class,
            ClientCommands.Approve.class,
            CommandLine.HelpCommand.class
        })
public class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        if (code != 0 || !ServerCommand.running()) System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
