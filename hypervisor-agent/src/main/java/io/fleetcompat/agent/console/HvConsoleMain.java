package io.fleetcompat.agent.console;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Runs the hv console on standard input and output; exits 0 at end of input whatever the answers were.
 * Usage: {@code java -cp <classpath> io.fleetcompat.agent.console.HvConsoleMain < script.jsonl}.
 */
public final class HvConsoleMain {

    private HvConsoleMain() {
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        HvConsole.run(in, out);
        out.flush();
    }
}
