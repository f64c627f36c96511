package io.fleetcompat.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleet policy-keys}: makes a policy signing key pair with the JDK, as a deployment step (the compose
 * {@code policy-keys} service) or by hand; openssl or keytool do the same (deploy/README.md, "Policy signing keys").
 */
@Command(name = "policy-keys", mixinStandardHelpOptions = true,
        description = "Make an Ed25519 policy signing key pair: <private-dir>/<key-id>.pem (PKCS#8, owner-only) for "
                + "fleet-stream's fleet-stream.policy.signing.key-file, <public-dir>/<key-id>.pem for the agents' "
                + "policy.trusted.keys. An existing pair is kept, never replaced.",
        footer = {"", "Exit codes: 0 the pair exists now, 1 it could not be written, 2 bad arguments."})
public final class PolicyKeysCommand implements Callable<Integer> {

    private final LauncherContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--key-id", required = true, paramLabel = "ID",
            description = "The key id signatures carry, e.g. fleet-2026 (letters, digits, '.', '_', '-').")
    String keyId;

    @Option(names = "--private-dir", required = true, paramLabel = "DIR", description = "Where the private key goes.")
    Path privateDir;

    @Option(names = "--public-dir", required = true, paramLabel = "DIR", description = "Where the public key goes.")
    Path publicDir;

    public PolicyKeysCommand(LauncherContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PolicyKeys.Pair pair;
        try {
            pair = PolicyKeys.create(keyId, privateDir, publicDir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            context.err().println("fleet policy-keys: cannot write the key pair: " + e);
            return ExitCodes.FAILED;
        }
        context.out().println("fleet policy-keys: " + (pair.created() ? "made" : "kept the existing") + " key pair '"
                + pair.keyId() + "': private " + pair.privateKey() + ", public " + pair.publicKey());
        return ExitCodes.OK;
    }
}
