package ai.matrix.architect.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code config show|use|set|remove}: the command line's server profiles, kept in config.json under
 * $XDG_CONFIG_HOME/matrix-architect or $HOME/.config/matrix-architect.
 */
@Command(
        name = "config",
        description = "Server profiles of this command line (config.json under $XDG_CONFIG_HOME/matrix-architect,"
                + " else $HOME/.config/matrix-architect).",
        subcommands = {
            ConfigCommands.Show.class,
            ConfigCommands.Use.class,
            ConfigCommands.Set.class,
            ConfigCommands.Remove.class
        })
final class ConfigCommands extends GroupCommand {

    /** A local command: no server call. */
    abstract static class Local implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ClientConfig config = ClientConfig.load();
            run(config);
            spec.commandLine().getOut().flush();
            return ExitCodes.SUCCEEDED;
        }

        abstract void run(ClientConfig config) throws Exception;
    }

    @Command(name = "show", description = "The profiles, their servers and which one is in use.")
    static class Show extends Local {
        @Override
        void run(ClientConfig config) throws Exception {
            var out = spec.commandLine().getOut();
            String current = config.profile(null);
            out.println("config directory: " + config.dir());
            var servers = config.servers();
            if (servers.isEmpty()) {
                out.println("No profiles yet: `matrix-architect login --server URL [--profile NAME]` makes one.");
                return;
            }
            List<List<String>> rows = new java.util.ArrayList<>();
            rows.add(List.of(" ", "PROFILE", "SERVER", "LOGGED IN"));
            for (var e : servers.entrySet()) {
                rows.add(List.of(
                        e.getKey().equals(current) ? "*" : " ",
                        e.getKey(),
                        e.getValue(),
                        config.token(e.getKey()).isPresent() ? "yes" : "no"));
            }
            Table.print(out, rows);
        }
    }

    @Command(name = "use", description = "Make a profile the one commands use by default.")
    static class Use extends Local {
        @Parameters(arity = "1", paramLabel = "PROFILE")
        String profile;

        @Override
        void run(ClientConfig config) throws Exception {
            config.use(profile);
            spec.commandLine().getOut().println("Using profile " + profile + ".");
        }
    }

    @Command(name = "set", description = "Set a profile's server URL (makes the profile when it is new).")
    static class Set extends Local {
        @Parameters(arity = "1", paramLabel = "PROFILE")
        String profile;

        @Option(names = "--server", required = true, paramLabel = "URL", description = "The server's URL")
        String server;

        @Override
        void run(ClientConfig config) throws Exception {
            config.setServer(profile, server);
            spec.commandLine().getOut().println("Profile " + profile + " → " + server + ".");
        }
    }

    @Command(name = "remove", description = "Forget a profile and its token.")
    static class Remove extends Local {
        @Parameters(arity = "1", paramLabel = "PROFILE")
        String profile;

        @Override
        void run(ClientConfig config) throws Exception {
            config.remove(profile);
            spec.commandLine().getOut().println("Removed profile " + profile + ".");
        }
    }
}
