package io.fleetcompat.kafka.embedded.security;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files and directories holding secrets: readable by their owner only (0600 / 0700) from the moment they exist. */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /** Creates {@code dir} (and its parents) unless it exists; a new one gets mode 0700. */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by someone else; used as it is
            }
        }
        return dir;
    }

    /** Creates {@code file} empty with mode 0600, or truncates it and sets 0600 when it exists. */
    public static Path create(Path file) throws IOException {
        if (Files.exists(file)) {
            setOwnerOnly(file);
            Files.write(file, new byte[0]);
            return file;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        return file;
    }

    /** Writes {@code content} to a file created as by {@link #create}. */
    public static Path write(Path file, byte[] content) throws IOException {
        create(file);
        Files.write(file, content);
        return file;
    }

    private static void setOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to narrow
        }
    }
}
