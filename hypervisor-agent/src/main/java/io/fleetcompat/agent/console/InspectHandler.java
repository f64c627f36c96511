package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.xen.Domain;

import java.util.Set;

/** {@code inspect}: a whole domain, or one valid port of it (FREE included). Reads only, changes nothing. */
final class InspectHandler implements OpHandler {

    private static final Set<String> FIELDS = Set.of("op", "domid", "port");

    private final ConsoleSession session;

    InspectHandler(ConsoleSession session) {
        this.session = session;
    }

    @Override
    public ObjectNode handle(JsonFields line) {
        line.onlyKnown(FIELDS);
        int domid = session.existingDomain("domid", line.domid("domid"));
        if (!line.has("port")) {
            return InspectRenderer.domain(session.host().inspect(domid));
        }
        // Inspect reads Xen's state, it is no hypercall: a port that is not valid has no state to show.
        long port = line.longValue("port");
        Domain d = session.host().requireDomain(domid);
        if (port < 0 || port > CType.EVTCHN_PORT.max().longValue()) {
            throw new ConsoleInputException("port", "port " + port + " is not valid in domain " + domid
                    + " (an evtchn_port_t is 0.." + CType.EVTCHN_PORT.max() + ")");
        }
        if (!d.isValidPort(port)) {
            throw new ConsoleInputException("port", "port " + port + " is not valid in domain " + domid + " ("
                    + d.validPorts() + " ports materialised)");
        }
        return InspectRenderer.singlePort(session.host().inspectPort(domid, (int) port), d.abi());
    }
}
