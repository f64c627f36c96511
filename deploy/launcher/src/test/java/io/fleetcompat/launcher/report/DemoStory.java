package io.fleetcompat.launcher.report;

import static io.fleetcompat.launcher.report.WireRecords.T0;
import static io.fleetcompat.launcher.report.WireRecords.ack;
import static io.fleetcompat.launcher.report.WireRecords.audit;
import static io.fleetcompat.launcher.report.WireRecords.booted;
import static io.fleetcompat.launcher.report.WireRecords.created;
import static io.fleetcompat.launcher.report.WireRecords.deadLetter;
import static io.fleetcompat.launcher.report.WireRecords.directive;
import static io.fleetcompat.launcher.report.WireRecords.family;
import static io.fleetcompat.launcher.report.WireRecords.hibernated;
import static io.fleetcompat.launcher.report.WireRecords.hostStatus;
import static io.fleetcompat.launcher.report.WireRecords.instance;
import static io.fleetcompat.launcher.report.WireRecords.resumeFailed;
import static io.fleetcompat.launcher.report.WireRecords.resumed;
import static io.fleetcompat.launcher.report.WireRecords.rollout;

import io.fleetcompat.schema.PolicyTargetKeys;
import io.fleetcompat.schema.Topics;
import io.fleetcompat.schema.avro.AckOutcome;
import io.fleetcompat.schema.avro.ControlSetting;
import io.fleetcompat.schema.avro.DeadLetterErrorKind;
import io.fleetcompat.schema.avro.DirectiveScope;
import io.fleetcompat.schema.avro.DomainCreated;
import io.fleetcompat.schema.avro.EdgeFailsafeOutcome;
import io.fleetcompat.schema.avro.EvtchnControls;
import io.fleetcompat.schema.avro.GuestHibernated;
import io.fleetcompat.schema.avro.PolicyDirective;
import io.fleetcompat.schema.avro.EvtchnAbi;
import io.fleetcompat.schema.avro.PolicyMode;
import io.fleetcompat.schema.avro.PolicyReasonCode;
import io.fleetcompat.schema.avro.PolicyTarget;
import io.fleetcompat.schema.avro.WaveStatus;
import io.fleetcompat.rules.cohort.ControlGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A small run, written by hand, that moves every number of the report; {@link #EXPECTED} is what it
 * must add up to (the comments on each guest say why).
 */
final class DemoStory {

    /** One record as it would be on its topic, with its key. */
    record Entry(String topic, String key, SpecificRecord value) {
    }

    private static final PolicyTarget PROTECTED = instance("g-protected");
    /** Of the story's guests, only g-control-4 hashes below 0.2. */
    static final ControlGroup CONTROL_GROUP = new ControlGroup(0.2);
    private static final PolicyTarget CONTROL = instance("g-control-4");
    private static final PolicyTarget MISSING = instance("g-missing");
    private static final PolicyTarget PENDING = instance("g-pending");
    private static final PolicyTarget SUPERSEDED = instance("g-super");
    private static final PolicyTarget OBSERVED = instance("g-observe");
    private static final PolicyTarget FAMILY = family("linux-5.10");
    private static final String FAMILY_KEY = PolicyTargetKeys.keyOf(FAMILY);

    private static final PolicyTarget EDGE = instance("g-edge");
    private static final String EDGE_IMAGE = "legacy-1/hibernation-7";

    static final DemoReport EXPECTED = new DemoReport(
            3,      // hosts: legacy-1, modern-1 (events), modern-2 (a heartbeat and two rejected acks)
            7,      // guests: g-protected, g-control-4, g-unhealthy, g-famfail, g-missing, g-edge (events), g-super (ack's domain)
            26,     // fleet.events records: 10 creates, 4 hibernated, 3 resumed, 2 failed, 6 acks, 1 boot
            7,      // predictive FIFO denials: g-protected, g-control-4, g-missing, g-super v1 and v2, g-pending, g-edge
            2, 1,   // resumes: g-protected and g-edge healthy, g-unhealthy not
            1,      // failed with policy: g-famfail, whose latest create was under the family deny
            1,      // failed without: g-control-4 (control group: created without the directive)
            3,      // protected: g-protected, g-famfail, g-edge (FIFO-aware, 2-level image, outside the control group)
            1,      // control group: g-control-4
            1,      // failed among protected: g-famfail
            1,      // failed in the control group: g-control-4
            0,      // no other failure
            1,      // withheld: g-control-4's directive, acked ADVISED
            10, 9, 1, // directives: nine instance (g-super and g-edge twice), one family
            3,      // applied: g-protected v1, g-super v2, family v1
            6,      // acks: three APPLIED, one ADVISED, two REJECTED
            1, 1,   // rejected: g-protected's directive on modern-2, the family directive on modern-2
            false, 1, // g-missing was created without acknowledging it (g-observe is OBSERVE, so not expected to be)
            1,      // g-pending was never created after its directive: nothing was due
            1,      // g-edge's image had resumed (protected at the edge) before its directive was issued
            200L, 800L, 2, // issued to applied: g-protected 200 ms, g-super v2 800 ms
            2, 3,   // rollouts r1 (2 waves passed in its latest state) and r2 (1)
            2,      // audit records
            2, 1,   // resumes protected by a directive (g-protected, g-famfail) and at the edge (g-edge)
            1, 1,   // g-edge's denial lifted once its image was consumed, and g-edge booted FIFO afterwards
            3, Map.of("MALFORMED_BODY", 2L, "UNKNOWN_FINGERPRINT", 1L),
            Map.of());

    private DemoStory() {
    }

    static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        // g-protected: hibernated 2-level on a legacy host; predicted, denied, applied 200 ms later at its
        // resume's create, resumes fine.
        event(entries, "g-protected", created("legacy-1", "g-protected", null, ControlSetting.UNSET));
        event(entries, "g-protected", hibernated("legacy-1", "g-protected", EvtchnAbi.TWO_LEVEL));
        policy(entries, PROTECTED, directive(PROTECTED, 1, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                PolicyMode.ENFORCE, T0));
        event(entries, "g-protected", ack("modern-1", PROTECTED, 1, AckOutcome.APPLIED, T0.plusMillis(200), "g-protected"));
        event(entries, "g-protected", created("modern-1", "g-protected", "instance:g-protected", ControlSetting.DENY));
        event(entries, "g-protected", resumed("modern-1", "g-protected", true));
        // g-control-4: predicted, but the control group withholds the directive: advised only, and it fails.
        event(entries, "g-control-4", created("legacy-1", "g-control-4", null, ControlSetting.UNSET));
        event(entries, "g-control-4", hibernated("legacy-1", "g-control-4", EvtchnAbi.TWO_LEVEL));
        policy(entries, CONTROL, directive(CONTROL, 1, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                PolicyMode.ENFORCE, T0.plusSeconds(1)));
        event(entries, "g-control-4", ack("modern-1", CONTROL, 1, AckOutcome.ADVISED, T0.plusMillis(1500), "g-control-4"));
        event(entries, "g-control-4", created("modern-1", "g-control-4", null, ControlSetting.UNSET));
        event(entries, "g-control-4", resumeFailed("modern-1", "g-control-4"));
        // g-edge: hibernated 2-level; its image resumed on a FIFO host 1 s later, before the stream's directive (3 s):
        // the agent denied FIFO itself. The directive, bound to that image, is lifted once the image is consumed, and
        // the guest boots FIFO again.
        event(entries, "g-edge", created("legacy-1", "g-edge", null, ControlSetting.UNSET));
        GuestHibernated edgeImage = hibernated("legacy-1", "g-edge", EvtchnAbi.TWO_LEVEL);
        edgeImage.setImageId(EDGE_IMAGE);
        event(entries, "g-edge", edgeImage);
        DomainCreated edgeResume = created("modern-1", "g-edge", null, ControlSetting.DENY, T0.plusSeconds(1));
        edgeResume.setImageId(EDGE_IMAGE);
        edgeResume.setImageShutdownAbi(EvtchnAbi.TWO_LEVEL);
        edgeResume.setEdgeFailsafe(EdgeFailsafeOutcome.DENIED_FIFO);
        event(entries, "g-edge", edgeResume);
        event(entries, "g-edge", resumed("modern-1", "g-edge", true));
        PolicyDirective edgeDenial = directive(EDGE, 1, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                PolicyMode.ENFORCE, T0.plusSeconds(3));
        edgeDenial.setScope(DirectiveScope.RESUME_OF_IMAGE);
        edgeDenial.setImageId(EDGE_IMAGE);
        policy(entries, EDGE, edgeDenial);
        PolicyDirective edgeLift = directive(EDGE, 2, PolicyReasonCode.LIFTED, PolicyMode.ENFORCE, T0.plusSeconds(4));
        edgeLift.setControls(new EvtchnControls(ControlSetting.UNSET, ControlSetting.UNSET));
        edgeLift.setScope(DirectiveScope.RESUME_OF_IMAGE);
        edgeLift.setImageId(EDGE_IMAGE);
        policy(entries, EDGE, edgeLift);
        event(entries, "g-edge", booted("modern-1", "g-edge", EvtchnAbi.FIFO, T0.plusSeconds(5)));
        // g-unhealthy: no policy, resumed but not healthy.
        event(entries, "g-unhealthy", created("modern-1", "g-unhealthy", null, ControlSetting.UNSET));
        event(entries, "g-unhealthy", resumed("modern-1", "g-unhealthy", false));
        // g-famfail: first create without policy, latest under the family deny; its failure counts as with policy.
        event(entries, "g-famfail", created("modern-1", "g-famfail", null, ControlSetting.UNSET));
        event(entries, "g-famfail", hibernated("modern-1", "g-famfail", EvtchnAbi.TWO_LEVEL));
        event(entries, "g-famfail", created("modern-1", "g-famfail", FAMILY_KEY, ControlSetting.DENY));
        event(entries, "g-famfail", resumeFailed("modern-1", "g-famfail"));
        // g-missing: predicted, then created 5 s later (past the delivery allowance) without acknowledging it.
        policy(entries, MISSING, directive(MISSING, 1, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                PolicyMode.ENFORCE, T0));
        event(entries, "g-missing", created("modern-1", "g-missing", null, ControlSetting.UNSET, T0.plusSeconds(5)));
        // g-pending: predicted, still hibernated at the end: no create, so no ack due.
        policy(entries, PENDING, directive(PENDING, 1, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                PolicyMode.ENFORCE, T0));
        // g-super: v1 superseded by v2 before any agent saw it; v2 applied 800 ms after issue.
        policy(entries, SUPERSEDED, directive(SUPERSEDED, 1, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                PolicyMode.ENFORCE, T0.plusSeconds(1)));
        policy(entries, SUPERSEDED, directive(SUPERSEDED, 2, PolicyReasonCode.HIBERNATED_2L_IMAGE_ON_FIFO_HOST,
                PolicyMode.ENFORCE, T0.plusSeconds(2)));
        event(entries, "g-super", ack("modern-1", SUPERSEDED, 2, AckOutcome.APPLIED,
                T0.plusSeconds(2).plus(Duration.ofMillis(800)), "g-super"));
        // g-observe: an observe-mode decision is not sent as enforceable, so no ack is expected.
        policy(entries, OBSERVED, directive(OBSERVED, 1, PolicyReasonCode.RESUME_FAILURE_OBSERVED, PolicyMode.OBSERVE, T0));
        // The family rollout: directive applied (a table update, no domain), two rollouts' states.
        policy(entries, FAMILY, directive(FAMILY, 1, PolicyReasonCode.FAMILY_ROLLOUT, PolicyMode.ENFORCE, T0));
        event(entries, FAMILY_KEY, ack("modern-1", FAMILY, 1, AckOutcome.APPLIED, T0.plusSeconds(5), null));
        // Rejections on modern-2 (say, a profile without the control): counted apart for instance and family.
        event(entries, "g-protected", ack("modern-2", PROTECTED, 1, AckOutcome.REJECTED, T0.plusSeconds(6),
                "g-protected"));
        event(entries, FAMILY_KEY, ack("modern-2", FAMILY, 1, AckOutcome.REJECTED, T0.plusSeconds(6), null));
        entries.add(new Entry(Topics.ROLLOUTS.name(), "r1", rollout("r1", WaveStatus.PASSED, WaveStatus.ACTIVE)));
        entries.add(new Entry(Topics.ROLLOUTS.name(), "r1",
                rollout("r1", WaveStatus.PASSED, WaveStatus.PASSED, WaveStatus.PENDING)));
        entries.add(new Entry(Topics.ROLLOUTS.name(), "r2", rollout("r2", WaveStatus.PASSED)));
        entries.add(new Entry(Topics.AUDIT.name(), "instance:g-protected", audit("instance:g-protected")));
        entries.add(new Entry(Topics.AUDIT.name(), "r1", audit("r1")));
        entries.add(new Entry(Topics.HOSTS.name(), "modern-2", hostStatus("modern-2")));
        entries.add(new Entry(Topics.DEAD_LETTERS.name(), "fleet.events", deadLetter(DeadLetterErrorKind.MALFORMED_BODY)));
        entries.add(new Entry(Topics.DEAD_LETTERS.name(), "fleet.events", deadLetter(DeadLetterErrorKind.MALFORMED_BODY)));
        entries.add(new Entry(Topics.DEAD_LETTERS.name(), "fleet.events",
                deadLetter(DeadLetterErrorKind.UNKNOWN_FINGERPRINT)));
        return entries;
    }

    private static void policy(List<Entry> entries, PolicyTarget target, SpecificRecord directive) {
        entries.add(new Entry(Topics.POLICY.name(), PolicyTargetKeys.keyOf(target), directive));
    }

    private static void event(List<Entry> entries, String key, SpecificRecord event) {
        entries.add(new Entry(Topics.EVENTS.name(), key, event));
    }
}
