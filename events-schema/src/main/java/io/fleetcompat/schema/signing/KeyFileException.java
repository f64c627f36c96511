package io.fleetcompat.schema.signing;

import java.nio.file.Path;

/** A policy key file that cannot be used; the message names the file. Callers add the setting that named it. */
public final class KeyFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public KeyFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
