package io.fleetcompat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HvCommandTest {

    @Test
    void shouldAnswerEachScriptLineOfStdinOnStdoutAndExitZero() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = AgentMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream("# a comment\n{\"op\": \"nonsense\"}\n".getBytes(StandardCharsets.UTF_8)));
        int exit;
        try {
            exit = commandLine.execute("hv");
        } finally {
            System.setIn(stdin);
        }

        assertThat(exit).isZero();
        assertThat(out.toString().strip().lines()).singleElement().satisfies(line -> assertThat(line).contains("error"));
    }
}
