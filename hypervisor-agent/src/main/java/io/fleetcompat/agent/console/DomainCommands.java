package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.xen.CreateFlagLayout;
import io.fleetcompat.agent.xen.CreateResult;
import io.fleetcompat.agent.xen.DomainConfig;
import io.fleetcompat.agent.xen.DomctlOut;
import io.fleetcompat.agent.xen.HostConfig;
import io.fleetcompat.agent.xen.OpResult;
import io.fleetcompat.agent.xen.XenProfile;

import java.util.Arrays;
import java.util.Set;

/** {@code host}, {@code createdomain}, {@code pause}, {@code unpause}, {@code destroydomain}. */
final class DomainCommands {

    private static final Set<String> HOST_FIELDS = Set.of("op", "profile", "fifo_built_in");
    private static final Set<String> CREATE_FIELDS = Set.of("op", "domid", "flags", "flags_raw", "max_vcpus",
            "max_evtchn_port", "guest_width");
    private static final Set<String> DOMCTL_FIELDS = Set.of("op", "domid");

    private final ConsoleSession session;

    DomainCommands(ConsoleSession session) {
        this.session = session;
    }

    ObjectNode host(JsonFields line) {
        line.onlyKnown(HOST_FIELDS);
        XenProfile profile = line.optString("profile").map(DomainCommands::profile).orElse(XenProfile.DEFAULT);
        boolean fifoBuiltIn = line.flag("fifo_built_in", true);
        if (!fifoBuiltIn && !profile.fifoBuildSwitch()) {
            throw new ConsoleInputException("fifo_built_in", "profile " + profile + " has no FIFO build switch");
        }
        session.startHost(HostConfig.of(profile).withFifoBuiltIn(fifoBuiltIn));
        return Answers.ok();
    }

    ObjectNode createDomain(JsonFields line) {
        line.onlyKnown(CREATE_FIELDS);
        int guestWidth = line.integer("guest_width", 64);
        if (guestWidth != 32 && guestWidth != 64) {
            throw new ConsoleInputException("guest_width", "must be 32 or 64, got " + guestWidth);
        }
        // A domid_t; the model refuses the reserved ids from 0x7FF0 itself. (DomainConfig.AUTO_DOMID, -1, is
        // the toolstack's "next free id": a script names its domains.)
        int domid = line.domid("domid");
        // max_vcpus and max_evtchn_port are uint32_t: the model reads the int's bits unsigned, and clamps the port
        // limit to 2^31 - 1 as Xen does.
        long maxEvtchnPort = line.has("max_evtchn_port")
                ? Integer.toUnsignedLong(line.u32("max_evtchn_port", CType.UINT32))
                : DomainConfig.LIBXL_MAX_EVTCHN_PORT;
        DomainConfig cfg = DomainConfig.of(domid, flags(line), line.u32("max_vcpus", CType.UINT32, 1))
                .withMaxEvtchnPort(maxEvtchnPort)
                .withGuestWidth(guestWidth);
        CreateResult result = session.host().createDomain(cfg);
        if (result instanceof CreateResult.Rejected rejected) {
            return Answers.failed(rejected.errno()).put("reason", rejected.reason());
        }
        return Answers.ok();
    }

    ObjectNode pause(JsonFields line) {
        line.onlyKnown(DOMCTL_FIELDS);
        return Answers.of(session.host().pauseDomain(line.domid("domid")));
    }

    ObjectNode unpause(JsonFields line) {
        line.onlyKnown(DOMCTL_FIELDS);
        return Answers.of(session.host().unpauseDomain(line.domid("domid")));
    }

    ObjectNode destroy(JsonFields line) {
        line.onlyKnown(DOMCTL_FIELDS);
        int domid = line.domid("domid");
        OpResult<DomctlOut> result = session.host().destroyDomain(domid);
        if (result.isOk()) {
            session.domainGone(domid);
        }
        return Answers.of(result);
    }

    /** {@code flags} by name in the host profile's layout, or {@code flags_raw} to pass unknown bits. */
    private int flags(JsonFields line) {
        if (line.has("flags") && line.has("flags_raw")) {
            throw new ConsoleInputException("flags_raw", "give either flags or flags_raw, not both");
        }
        if (line.has("flags_raw")) {
            return line.u32("flags_raw", CType.UINT32);
        }
        if (!line.has("flags")) {
            return 0;
        }
        JsonNode names = line.raw("flags");
        if (!names.isArray()) {
            throw JsonFields.wrongType("flags", "an array of flag names", names);
        }
        CreateFlagLayout layout = session.host().profile().flagLayout();
        int mask = 0;
        for (JsonNode n : names) {
            if (!n.isTextual()) {
                throw JsonFields.wrongType("flags", "flag names as strings", n);
            }
            int bit = layout.maskOf(n.asText());
            if (bit == 0) {
                throw new ConsoleInputException("flags", "unknown create flag '" + n.asText() + "' for profile "
                        + session.host().profile() + " (known: " + layout.namesByBit() + ")");
            }
            mask |= bit;
        }
        return mask;
    }

    private static XenProfile profile(String name) {
        try {
            return XenProfile.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ConsoleInputException("profile", "unknown profile '" + name + "' (one of "
                    + Arrays.toString(XenProfile.values()) + ")");
        }
    }
}
