package io.fleetcompat.agent.cli;

import io.fleetcompat.agent.console.HvConsole;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleetcompat-agent hv}: the hv console on stdin/stdout (JSON Lines), exit 0 at end of input. */
@Command(name = "hv", mixinStandardHelpOptions = true,
        description = "Scriptable Xen model console: one JSON op per line on stdin, one JSON answer per line on stdout.")
public final class HvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        HvConsole.run(in, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
