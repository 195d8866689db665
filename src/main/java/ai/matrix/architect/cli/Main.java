package ai.matrix.architect.cli;

import java.io.IOException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code matrix-architect <command>}: the server modes and a client of the HTTP API. Every command and subcommand
 * has {@code -h/--help}; a usage error prints the usage and exits 2; the exit codes are in {@link ExitCodes}.
 */
@Command(
        name = "matrix-architect",
        mixinStandardHelpOptions = true,
        version = "Matrix Architect 0.1.0",
        description = "Plans, applies, verifies, gates, deploys and publishes changes to git repositories.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  succeeded",
            "  1  failed (the job, or the server refused the request)",
            "  2  usage error",
            "  3  waiting for approval (or for another person's approval)",
            "  4  cancelled or rejected",
            "  5  server unreachable, or not logged in / unauthorised"
        },
        subcommands = {
            ServerCommand.Serve.class,
            ServerCommand.Api.class,
            ServerCommand.Worker.class,
            DemoCommand.class,
            ClientCommands.Login.class,
            ClientCommands.Logout.class,
            ClientCommands.Submit.class,
            ClientCommands.Status.class,
            ClientCommands.Wait.class,
            ClientCommands.Logs.class,
            JobCommands.Execute.class,
            JobCommands.Cancel.class,
            JobCommands.Retry.class,
            JobCommands.Approve.class,
            JobCommands.Reject.class,
            JobCommands.Approvals.class,
            JobCommands.Diff.class,
            JobCommands.Evidence.class,
            JobCommands.Gate.class,
            ArtifactCommands.class,
            UserCommands.class,
            AdminCommands.Tokens.class,
            ProjectCommands.class,
            PolicyCommands.class,
            AdminCommands.Targets.class,
            AdminCommands.Profiles.class,
            AdminCommands.Audit.class,
            AdminCommands.Housekeeping.class,
            ConfigCommands.class,
            VerifyAttestationCommand.class,
            VerifyJobCommand.class,
            AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class
        })
public class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0 || !ServerCommand.running()) System.exit(code);
    }

    /**
     * The command tree reading configuration from {@code environment} instead of the process's (for tests: HOME,
     * XDG_CONFIG_HOME, ARCHITECT_URL, ARCHITECT_TOKEN, ...).
     */
    public static CommandLine commandLine(java.util.Map<String, String> environment) {
        ClientConfig.environment = environment;
        return commandLine();
    }

    /** The whole command tree, with help on every command and the exit codes of {@link ExitCodes}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        withHelp(cl);
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CliException c) {
                command.getErr().println(c.getMessage());
                return c.exitCode();
            }
            if (e instanceof IOException) {
                command.getErr().println(e.getMessage());
                return ExitCodes.FAILED;
            }
            throw e;
        });
        // the generated completion script is for bash and zsh: `source <(matrix-architect generate-completion)`
        cl.getSubcommands()
                .get("generate-completion")
                .getCommandSpec()
                .usageMessage()
                .hidden(false);
        return cl;
    }

    /** -h/--help (and -V/--version) on every command and subcommand, as picocli's standard help options. */
    private static void withHelp(CommandLine cl) {
        cl.getCommandSpec().mixinStandardHelpOptions(true);
        cl.getSubcommands().values().forEach(Main::withHelp);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
