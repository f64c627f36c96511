package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.xen.AbiMode;
import io.fleetcompat.agent.xen.DomainView;

/**
 * A {@link DomainView} as hv-console.md "Inspecting state" names it. FIFO fields (control_block, priority,
 * word) appear only while Xen's ABI for the domain is FIFO; 0/1 bits are numbers.
 */
final class InspectRenderer {

    private InspectRenderer() {
    }

    static ObjectNode domain(DomainView view) {
        boolean fifo = view.abi() == AbiMode.FIFO;
        ObjectNode answer = Answers.ok();
        answer.put("abi", view.abi().id());
        answer.put("valid_ports", view.validPorts());
        answer.set("flags", Answers.strings(view.flags()));
        ArrayNode vcpus = answer.putArray("vcpus");
        view.vcpus().forEach(v -> vcpus.add(vcpu(v, fifo)));
        ArrayNode ports = answer.putArray("ports");
        view.ports().forEach(p -> ports.add(port(Answers.object(), p, fifo)));
        return answer;
    }

    /** One port at the top level of the answer, FREE included. */
    static ObjectNode singlePort(DomainView.PortView port, AbiMode abi) {
        return port(Answers.ok(), port, abi == AbiMode.FIFO);
    }

    private static ObjectNode vcpu(DomainView.VcpuView v, boolean fifo) {
        ObjectNode node = Answers.object();
        node.put("id", v.id());
        node.put("upcall_pending", Answers.bit(v.upcallPending()));
        node.put("upcall_mask", Answers.bit(v.upcallMask()));
        node.put("upcalls", v.upcalls());
        Answers.putUnsigned(node, "pending_sel", v.pendingSel());
        node.put("upcall_vector", v.upcallVector());
        if (fifo) {
            if (v.controlBlock().isPresent()) {
                DomainView.ControlBlockView cb = v.controlBlock().get();
                ObjectNode block = node.putObject("control_block");
                block.put("gfn", cb.gfn());
                block.put("offset", cb.offset());
                block.put("ready", cb.ready());
                block.set("head", Answers.ints(cb.head()));
            } else {
                node.putNull("control_block");
            }
        }
        return node;
    }

    private static ObjectNode port(ObjectNode node, DomainView.PortView p, boolean fifo) {
        node.put("port", p.port());
        node.put("state", p.state().id());
        node.put("vcpu", p.vcpu());
        node.put("pending", Answers.bit(p.pending()));
        node.put("masked", Answers.bit(p.masked()));
        if (fifo) {
            node.put("priority", p.priority().orElseThrow());
            if (p.word().isPresent()) {
                DomainView.EventWordView w = p.word().get();
                ObjectNode word = node.putObject("word");
                word.put("P", Answers.bit(w.p()));
                word.put("M", Answers.bit(w.m()));
                word.put("L", Answers.bit(w.l()));
                word.put("B", Answers.bit(w.b()));
                word.put("link", w.link());
            } else {
                // The port's array page has not been added yet: Xen has no word for it.
                node.putNull("word");
            }
        }
        return node;
    }
}
