package io.fleetcompat.agent.xen;

import java.util.Optional;

/** A hypercall's result: the OUT record on success (rc 0) or the errno (rc &lt; 0). */
public sealed interface OpResult<O> permits OpResult.Ok, OpResult.Failed {

    static <O> OpResult<O> ok(O out) {
        return new Ok<>(out);
    }

    /** One shared instance per errno: a failure carries nothing else, whatever its OUT type. */
    @SuppressWarnings("unchecked")
    static <O> OpResult<O> failed(Errno errno) {
        if (errno == null || errno == Errno.ERESTART) {
            return new Failed<>(errno);
        }
        return (OpResult<O>) Failed.SHARED[errno.ordinal()];
    }

    /** 0 or the negative errno. */
    int rc();

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The OUT record; asking for it on a failure is a caller bug. */
    O out();

    Optional<Errno> errno();

    /** The same failure, retyped for another op's result. */
    <T> OpResult<T> castFailure();

    record Ok<O>(O value) implements OpResult<O> {
        @Override
        public int rc() {
            return 0;
        }

        @Override
        public O out() {
            return value;
        }

        @Override
        public Optional<Errno> errno() {
            return Optional.empty();
        }

        @Override
        public <T> OpResult<T> castFailure() {
            throw new IllegalStateException("not a failure: " + this);
        }
    }

    record Failed<O>(Errno error) implements OpResult<O> {
        private static final Failed<?>[] SHARED = java.util.Arrays.stream(Errno.values())
                .map(e -> e == Errno.ERESTART ? null : new Failed<>(e)).toArray(Failed<?>[]::new);

        public Failed {
            if (error == null || error == Errno.ERESTART) {
                throw new IllegalArgumentException("a caller never sees " + error);
            }
        }

        @Override
        public int rc() {
            return error.rc();
        }

        @Override
        public O out() {
            throw new IllegalStateException("op failed with " + error + "; it has no OUT record");
        }

        @Override
        public Optional<Errno> errno() {
            return error.asOptional();
        }

        @Override
        public <T> OpResult<T> castFailure() {
            return OpResult.failed(error);
        }
    }
}
