package io.fleetcompat.launcher.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetcompat.launcher.LauncherException;
import io.fleetcompat.launcher.audit.AppendedLedgerFile;
import io.fleetcompat.launcher.audit.DeliveryAudit;
import io.fleetcompat.launcher.audit.DeliveryFigures;
import io.fleetcompat.launcher.audit.FoldLedger;
import io.fleetcompat.launcher.audit.FoldedGuest;
import io.fleetcompat.launcher.audit.PolicyVersions;
import io.fleetcompat.launcher.audit.StreamCatchUp;
import io.fleetcompat.launcher.audit.WireEvent;
import io.fleetcompat.launcher.audit.WireLedger;
import io.fleetcompat.launcher.report.SvgLineChart;
import io.fleetcompat.schema.signing.TrustedPolicyKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code ./fleet demo --chaos} did and whether the system took it: the faults (each SIGKILL and restart, marked
 * on the report's chart), then, once the simulator's last run flushed its outbox and fleet-stream caught up, every
 * appended event held against Kafka and against fleet-stream's guests by host sequence ({@link DeliveryAudit}), and
 * the policy versions written twice or skipped.
 */
record ChaosOutcome(List<Chaos.Fault> faults, AppendedLedgerFile appended, DeliveryFigures delivery,
                    PolicyVersions policies) {

    /** The simulator's ledger file in its state dir (simulate --ledger-file). */
    static final String LEDGER = "appended.json";
    /** fleet-stream's application id: its consumer group. */
    private static final String STREAM_APPLICATION = "fleet-stream";
    /** fleet-stream's dedup window per host (its default, which the demo keeps). */
    private static final int DEDUP_WINDOW = 64;
    private static final Duration READ = Duration.ofSeconds(120);

    static ChaosOutcome audit(String bootstrap, Map<String, String> clientProperties, String streamUrl, Path ledger,
                              TrustedPolicyKeys streamKeys, List<Chaos.Fault> faults) throws InterruptedException {
        try {
            if (!Files.exists(ledger)) {
                throw new IOException("the simulator's last run wrote no ledger (" + ledger + "): it did not end");
            }
            AppendedLedgerFile appended = AppendedLedgerFile.read(ledger);
            if (!StreamCatchUp.await(bootstrap, clientProperties, STREAM_APPLICATION, READ)) {
                throw new IOException("fleet-stream did not process fleet.events to its end within " + READ);
            }
            WireLedger wire = WireLedger.read(bootstrap, clientProperties, READ);
            Set<String> guests = wire.events().stream()
                    .filter(e -> e.instanceId() != null && appended.lastSequences().containsKey(e.hostId()))
                    .map(WireEvent::instanceId).collect(Collectors.toSet());
            Map<String, FoldedGuest> folded = FoldLedger.read(streamUrl, guests, READ);
            return new ChaosOutcome(faults, appended, DeliveryAudit.audit(appended.lastSequences(), wire.events(),
                    wire.deadLettered(), folded, DEDUP_WINDOW), PolicyVersions.read(bootstrap, clientProperties, streamKeys, READ));
        } catch (IOException e) {
            throw LauncherException.failed("chaos: the delivery could not be checked: " + e.getMessage());
        }
    }

    /** Nothing lost, folded twice, written twice or skipped, and the simulator's last run drained its outbox. */
    boolean clean() {
        return appended.drained() && delivery.clean() && policies.duplicates().isEmpty() && policies.gaps().isEmpty();
    }

    String problem() {
        return (appended.drained() ? "" : "the simulator's outbox still held " + appended.pending() + " events; ")
                + delivery.describe() + "; duplicate policy versions " + policies.duplicates()
                + ", versions skipped " + policies.gaps();
    }

    /** The table's chaos section. */
    String render() {
        Map<String, Long> kills = faults.stream().filter(f -> f.what().equals("SIGKILL"))
                .collect(Collectors.groupingBy(Chaos.Fault::process, TreeMap::new, Collectors.counting()));
        return String.format(java.util.Locale.ROOT, "%nchaos%n  faults injected        %d SIGKILL %s, %d restarts%n"
                        + "  events appended        %d (outbox drained: %s)%n"
                        + "  events lost            %d (before Kafka %d, in the fold %d)%n"
                        + "  events folded twice    %d (replays on Kafka %d, dropped by the fold %d)%n"
                        + "  appended, dead-lettered %d%n"
                        + "  policy versions        %d issued, %d written twice, %d skipped%n",
                kills.values().stream().mapToLong(Long::longValue).sum(), kills,
                faults.stream().filter(f -> f.what().equals("restarted")).count(), delivery.appended(),
                appended.drained(), delivery.lost(), delivery.lostBeforeKafka(), delivery.lostInFold(),
                delivery.foldedTwice(), delivery.resent(), delivery.duplicatesDropped(), delivery.deadLettered(),
                policies.issued(), policies.duplicates().size(), policies.gaps().size());
    }

    /** Each fault as a mark on the report's timeline chart. */
    List<SvgLineChart.Mark> marks() {
        return faults.stream().map(f -> new SvgLineChart.Mark(f.at(), f.what() + " " + f.process())).toList();
    }

    void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Map<String, String>> injected = faults.stream()
                .map(f -> Map.of("at", f.at().toString(), "process", f.process(), "what", f.what())).toList();
        Files.write(file, json.writeValueAsBytes(Map.of("faults", injected, "delivery", delivery,
                "policyVersions", policies, "outboxDrained", appended.drained())));
    }
}
