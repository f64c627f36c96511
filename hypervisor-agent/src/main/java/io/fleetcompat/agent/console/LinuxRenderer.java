package io.fleetcompat.agent.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetcompat.agent.guest.GuestImage;
import io.fleetcompat.agent.guest.LinuxKernel;
import io.fleetcompat.agent.guest.LinuxLifecycle;
import io.fleetcompat.agent.guest.ProbeResult;
import io.fleetcompat.agent.xen.Errno;

/** The answers of the {@code linux} actions (hv-console.md "Guest kernels"). */
final class LinuxRenderer {

    private LinuxRenderer() {
    }

    static ObjectNode boot(LinuxKernel k) {
        ObjectNode answer = Answers.ok().put("abi", k.abi().id());
        answer.set("log", Answers.strings(k.log()));
        return crashed(answer, k);
    }

    static ObjectNode imaged(String id, GuestImage image) {
        return Answers.ok().put("image", id).put("abi", image.abi().id());
    }

    /** The model probes the resumed kernel once on resume; that first probe is the evidence of §8 step 7-8. */
    static ObjectNode resume(LinuxLifecycle.ResumeResult r) {
        ObjectNode answer = Answers.ok().put("boot_abi", r.bootAbi().id()).put("resumed_abi", r.resumedAbi().id())
                .put("xen_abi", r.xenAbi().id());
        probe(answer.putObject("probe"), r.health());
        return crashed(answer, r.kernel());
    }

    /** A failed resume-time re-init is that hypercall's errno with {@code bug}; no outputs then. */
    static ObjectNode restore(LinuxLifecycle.RestoreResult r) {
        if (r.rc() < 0) {
            Errno errno = Errno.fromValue(r.rc()).orElseThrow();
            return Answers.failed(errno).put("bug", r.bug());
        }
        return Answers.ok().put("abi", r.abi().id()).put("xen_abi", r.xenAbi().id());
    }

    static ObjectNode probe(ObjectNode node, ProbeResult p) {
        node.set("sent", Answers.ints(p.sent()));
        node.set("handled", Answers.ints(p.handled()));
        node.put("upcalls", p.upcalls());
        node.put("healthy", p.healthy());
        return node;
    }

    /** A kernel that hit BUG()/panic while booting says so; otherwise nothing is added. */
    private static ObjectNode crashed(ObjectNode answer, LinuxKernel k) {
        if (k.state() == LinuxKernel.State.CRASHED) {
            answer.put("bug", true);
        }
        return answer;
    }
}
